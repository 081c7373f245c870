/**
 * A second signal during `sync` (helper report of 2026-12-04): the process exited 130 and printed nothing,
 * so nothing said which runs had been started or cancelled. Like apply, it now says what reached ISE.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { RunningSimulator } from '../../src/sim';
import { CLI, DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
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
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, 'sync', 'site.yaml'], {
    cwd: dir,
    env,
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const sent = (prefix: string) => sim.requestLog().some((q) => q.path.startsWith(prefix));
  await until(() => sent('/api/v1/duo-identitysync/identitysync/sync/'));
  child.kill('SIGINT');
  await until(() => sent('/api/v1/duo-identitysync/identitysync/sync/cancel/'));
  child.kill('SIGINT');
  expect(await exit).toBe(130);
  expect(out).toMatch(
    /Forced exit \(second interrupt\) while running the identity syncs of site\.yaml on http:\/\/127\.0\.0\.1:\d+\. Sent to ISE:\n/,
  );
  expect(out).toContain('  GET /api/v1/duo-identitysync/identitysync/sync/corp-ad: answered 200\n');
  expect(out).toContain('  GET /api/v1/duo-identitysync/identitysync/sync/cancel/corp-ad: no answer yet');
  expect(out).toContain('The runs may still be going in ISE: check them there.\n');
}, 30000);
