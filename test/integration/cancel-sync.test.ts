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
  while (!what()) await new Promise((r) => setTimeout(r, 5));
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
  // A sync's start or cancel shows in ISE's sync status, which a plan does not show (helper report of 2026-12-04).
  expect(out).toContain(
    "  GET /api/v1/duo-identitysync/identitysync/sync/cancel/corp-ad: no answer yet: it may take effect on ISE; check the sync's status in ISE\n",
  );
  expect(out).toContain('The runs may still be going in ISE: check them there.\n');
}, 30000);

test('SIGTERM during a status poll that hangs cancels the run at once, exit 130', async () => {
  // A simulator back at its seed, holding the file's syncs with no run going (the test above left one).
  sim.setLatency(0);
  sim.reset();
  expect((await runCli(['apply', 'site.yaml', '--yes', '--no-run-sync'], env, dir)).code).toBe(0);
  sim.clearLog();
  // Every poll of the run hangs (the first GET of the sync is read before the start).
  sim.addFault({
    kind: 'hang',
    method: 'GET',
    path: '/api/v1/duo-identitysync/identitysync/corp-ad',
    nth: 2,
    times: 1000,
  });
  try {
    const run = startCli(['sync', 'site.yaml', 'corp-ad'], env, dir);
    const polls = () =>
      sim.requestLog().filter((q) => q.path === '/api/v1/duo-identitysync/identitysync/corp-ad').length;
    await until(() => polls() >= 2 || run.child.exitCode !== null);
    run.child.kill('SIGTERM');
    // Before, the poll was awaited to its end: ISE's 30 s request timeout, and then its retries.
    expect(await run.exit).toBe(130);
    expect(sim.requestLog().map((q) => q.path)).toContain(
      '/api/v1/duo-identitysync/identitysync/sync/cancel/corp-ad',
    );
    expect(run.stdout()).toMatch(/identity sync "corp-ad": Cancelled after [\d.]+s, cancel requested/);
  } finally {
    sim.clearFaults();
  }
}, 20000);

// Helper report of 2026-12-04: an apply with no changes whose sync has `runSync: always` started the run but
// registered no signal words: the first signal printed nothing, a second exited 130 silently.
test('apply with no changes, runSync: always: a second Ctrl-C says the sync start reached ISE', async () => {
  sim.setLatency(0);
  sim.reset();
  expect((await runCli(['apply', 'site.yaml', '--yes', '--no-run-sync'], env, dir)).code).toBe(0);
  writeFile(
    dir,
    'always.yaml',
    siteYaml({}).replace(
      '    activeDirectories: [CORP_AD]\n',
      '    activeDirectories: [CORP_AD]\n    runSync: always\n',
    ),
  );
  sim.clearLog();
  // The cancel hangs, so the run is still going when the second signal comes (no race with its exit).
  sim.addFault({ kind: 'hang', method: 'GET', path: '/api/v1/duo-identitysync/identitysync/sync/cancel/*' });
  const run = startCli(['apply', 'always.yaml', '--yes'], env, dir);
  const sent = (prefix: string) => sim.requestLog().some((q) => q.path.startsWith(prefix));
  await until(() => sent('/api/v1/duo-identitysync/identitysync/sync/'));
  run.child.kill('SIGINT');
  await until(() => run.stderr().includes('Interrupting') || run.child.exitCode !== null);
  expect(run.stderr()).toContain('Interrupting');
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(130);
  expect(run.stderr()).toMatch(/Forced exit \(second interrupt\) while applying always\.yaml/);
  expect(run.stderr()).toContain('GET /api/v1/duo-identitysync/identitysync/sync/corp-ad: answered 200');
  sim.clearFaults();
}, 30000);
