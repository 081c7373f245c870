/**
 * A second signal during `sync` (helper report of 2026-12-04): the process exited 130 and printed nothing,
 * so nothing said which runs had been started or cancelled. Like apply, it now says what reached ISE.
 */
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, startCli, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

let sim: RunningSimulator;
const dir = tempDir('ise-duo-cancel-sync-');
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startTestSimulator({ syncDelayMs: 60000 });
  env = { PATH: process.env.PATH, ...DUO_ENV, ISE_URL: sim.url };
  writeFile(dir, 'site.yaml', siteYaml({}));
  const applied = await runCli(['apply', 'site.yaml', '--yes', '--no-run-sync'], env, dir);
  expect(applied.code).toBe(0);
});
afterAll(() => sim.stop());

async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setImmediate(r));
}

test('a second Ctrl-C during sync exits at once and says what was sent', async () => {
  sim.clearLog();
  sim.setLatency(800);
  const run = startCli(['sync', 'site.yaml'], env, dir);
  const sent = (prefix: string) => sim.requestLog().some((q) => q.path.startsWith(prefix));
  await until(() => sent('/api/v1/duo-identitysync/identitysync/sync/'));
  run.child.kill('SIGINT');
  await until(() => sent('/api/v1/duo-identitysync/identitysync/sync/cancel/'));
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(130);
  const out = run.stdout() + run.stderr();
  expect(out).toMatch(
    /Forced exit \(second interrupt\) while running the identity syncs of site\.yaml on http:\/\/127\.0\.0\.1:\d+\. Sent to ISE:\n/,
  );
  expect(out).toContain('  GET /api/v1/duo-identitysync/identitysync/sync/corp-ad: answered 200\n');
  expect(out).toContain('  GET /api/v1/duo-identitysync/identitysync/sync/cancel/corp-ad: no answer yet');
  expect(out).toContain('The runs may still be going in ISE: check them there.\n');
}, 30000);
