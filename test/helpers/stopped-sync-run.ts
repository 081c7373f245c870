/**
 * An apply from empty whose sync run a signal stops: the run's status polls hang, and the signal comes once
 * the start has been sent. Shared by the tests of what apply then says (stderr) and reports (JSON).
 */
import { apply } from '../../src/commands/apply';
import type { OutputFormat } from '../../src/runtime/context';
import type { RunningSimulator } from '../../src/sim';
import { capture, siteYaml, writeFile } from './harness';

const SYNC_START = '/api/v1/duo-identitysync/identitysync/sync/corp-ad';

export async function applyStoppedDuringSyncRun(
  sim: RunningSimulator,
  where: { dir: string; env: NodeJS.ProcessEnv; file: string },
  format: OutputFormat = 'text',
) {
  sim.reset();
  const poll = { method: 'GET', path: '/api/v1/duo-identitysync/identitysync/corp-ad' };
  sim.addFault({ ...poll, kind: 'hang', nth: 3, times: 100 });
  writeFile(where.dir, where.file, siteYaml({}));
  const abort = new AbortController();
  const watch = setInterval(() => {
    if (sim.requestLog().some((q) => q.path === SYNC_START)) abort.abort();
  }, 5);
  const c = capture(where.env, where.dir);
  try {
    const result = await apply(
      { file: where.file, format, yes: true, syncPollIntervalMs: 20 },
      { ...c.ctx, signal: abort.signal },
    );
    return { result, out: c.out(), err: c.err() };
  } finally {
    clearInterval(watch);
    sim.clearFaults();
  }
}
