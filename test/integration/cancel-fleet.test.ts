/**
 * Signals during a fleet apply, on the built CLI against two simulators whose answers take a while. The
 * first signal says so at once on stderr (each target's own notice is held in its output until the fleet's
 * result is printed) and starts no further target; a second one lists what every running target sent.
 */
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, siteYaml, startCli, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

let sims: RunningSimulator[];
let dir: string;
let env: NodeJS.ProcessEnv;

const site = (urlVar: string) => siteYaml({}).replace('ise:\n', `ise:\n  url: \${env:${urlVar}}\n`);

beforeAll(async () => {
  sims = [await startTestSimulator(), await startTestSimulator(), await startTestSimulator()];
  dir = tempDir('ise-duo-cancel-fleet-');
  env = { PATH: process.env.PATH, ...DUO_ENV, URL_A: sims[0]!.url, URL_B: sims[1]!.url, URL_C: sims[2]!.url };
  writeFile(dir, 'a.yaml', site('URL_A'));
  writeFile(dir, 'b.yaml', site('URL_B'));
  writeFile(dir, 'c.yaml', site('URL_C'));
});
afterAll(() => Promise.all(sims.map((s) => s.stop())));
beforeEach(() => {
  for (const sim of sims) {
    sim.reset();
    sim.setLatency(800);
  }
});

const writes = (sim: RunningSimulator) => sim.requestLog().filter((r) => r.method !== 'GET');

/** Polls on the event loop (the simulators run in this process) until `what`, or the CLI has exited. */
async function until(what: () => boolean, run: { child: { exitCode: number | null } }): Promise<void> {
  while (!what() && run.child.exitCode === null) await new Promise((r) => setImmediate(r));
}

test('the first signal is said at once; a second lists what each running target sent', async () => {
  const run = startCli(
    ['apply', 'a.yaml', 'b.yaml', '--yes', '--parallelism', '2', '--format', 'json'],
    env,
    dir,
  );
  await until(() => sims.slice(0, 2).every((s) => writes(s).length > 0), run);
  run.child.kill('SIGINT');
  await until(() => run.stderr().includes('Interrupting the fleet apply'), run);
  expect(run.child.exitCode).toBeNull(); // said while the writes are still in flight
  expect(run.stderr()).toContain(
    'Interrupting the fleet apply: each write in flight finishes, no new write is sent and no further target ' +
      'is started; interrupt again to exit at once.',
  );
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(130);
  for (const file of ['a.yaml', 'b.yaml']) {
    expect(run.stderr()).toMatch(
      new RegExp(
        `Forced exit \\(second interrupt\\) while applying ${file.replace('.', '\\.')} to http://127\\.0\\.0\\.1:\\d+\\. Sent to ISE:\\n {2}PUT /api/v1/duo-mfa/enable: no answer yet`,
      ),
    );
  }
}, 30000);

test('after the first signal no further target is started, and none is sent a request', async () => {
  const run = startCli(
    ['apply', 'a.yaml', 'b.yaml', 'c.yaml', '--yes', '--parallelism', '1', '--format', 'json'],
    env,
    dir,
  );
  await until(() => writes(sims[0]!).length > 0, run);
  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(130);
  const report = JSON.parse(run.stdout()) as {
    targets: Array<{ file: string; exitCode: number; result: string }>;
  };
  expect(report.targets.map((t) => [t.file, t.exitCode, t.result])).toEqual([
    ['a.yaml', 130, 'interrupted after 1 change(s) applied'],
    ['b.yaml', 130, 'not started (interrupted)'],
    ['c.yaml', 130, 'not started (interrupted)'],
  ]);
  expect([...sims[1]!.requestLog(), ...sims[2]!.requestLog()]).toEqual([]);
}, 30000);
