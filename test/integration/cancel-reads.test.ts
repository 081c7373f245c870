/**
 * A signal while ise-duo is still reading ISE (helper report of 2026-12-04): plan and drift installed no
 * handler (killed by the signal: 143 for SIGTERM, no report), and apply and sync ignored it, retrying a hung
 * read until its timeouts ran out and exiting 1. Now the reads stop at once and every command exits 130,
 * saying it was interrupted and that nothing was changed.
 */
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, startCli, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const STATUS = '/api/v1/duo-mfa/status';
let sim: RunningSimulator;
const dir = tempDir('ise-duo-cancel-reads-');
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startTestSimulator();
  env = { PATH: process.env.PATH, ...DUO_ENV, ISE_URL: sim.url };
  writeFile(dir, 'site.yaml', siteYaml({}));
  expect((await runCli(['apply', 'site.yaml', '--yes', '--no-run-sync'], env, dir)).code).toBe(0);
});
afterAll(() => sim.stop());
afterEach(() => sim.clearFaults());

async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
}

describe.each([
  ['plan', ['plan', 'site.yaml', '--format', 'json']],
  ['drift', ['drift', 'site.yaml']],
  ['apply', ['apply', 'site.yaml', '--yes']],
  ['sync', ['sync', 'site.yaml']],
  ['validate --online', ['validate', 'site.yaml', '--online']],
  ['a fleet plan', ['plan', 'site.yaml', 'site.yaml', '--format', 'json']],
])('%s, with ISE not answering the first read', (_what, args) => {
  test.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: exit 130 at once, nothing changed',
    async (signal) => {
      sim.clearLog();
      sim.addFault({ kind: 'hang', method: 'GET', path: STATUS, times: 100 });
      const run = startCli(args, env, dir);
      await until(() => sim.requestLog().some((q) => q.path === STATUS) || run.child.exitCode !== null);
      run.child.kill(signal);
      // Before, the hung read was waited for (30 s a request, retried), then exit 1; plan and drift died of it.
      expect(await run.exit).toBe(130);
      expect(run.stderr()).toMatch(/interrupted \(Ctrl-C or SIGTERM\) while reading the MFA feature status/);
      expect(run.stderr()).toMatch(/nothing was changed/);
      expect(sim.requestLog().filter((q) => q.method !== 'GET')).toEqual([]);
      expect(sim.requestLog().filter((q) => q.path === STATUS).length).toBeLessThanOrEqual(2);
    },
    20_000,
  );
});

// Found by the bench after the change above: each read added its own listener to the command's signal, so a
// fleet plan of 30 targets printed "MaxListenersExceededWarning: Possible EventTarget memory leak" on stderr.
test('a fleet plan with many reads in flight prints no listener warning, and a signal still stops it', async () => {
  const fleet = tempDir('ise-duo-cancel-reads-fleet-');
  for (let i = 0; i < 30; i++) writeFile(fleet, `site-${i}.yaml`, siteYaml({}));
  sim.setLatency(300);
  try {
    const quiet = await runCli(['plan', fleet, '--parallelism', '30', '--format', 'json'], env, dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/MaxListenersExceeded|memory leak/);
    sim.clearLog();
    sim.addFault({ kind: 'hang', method: 'GET', path: STATUS, times: 100 });
    const run = startCli(['plan', fleet, '--parallelism', '30', '--format', 'json'], env, dir);
    await until(() => sim.requestLog().filter((q) => q.path === STATUS).length >= 30);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(130);
    expect(run.stderr()).not.toMatch(/MaxListenersExceeded|memory leak/);
  } finally {
    sim.setLatency(0);
  }
}, 60_000);
