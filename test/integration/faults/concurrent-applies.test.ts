/**
 * Two applies at once against one ISE, as two pipelines racing on the same repository would. Both plan from
 * the same empty ISE, so both try every create; the loser of each race gets ISE's "already exists" and must
 * re-read, see the object as planned, and count it as done. The end state is one of everything, nothing
 * twice, and any run that fails says why.
 *
 * Latency on the simulator interleaves the two runs' requests; each round uses a different latency so the
 * races land on different writes.
 */
import { apply } from '../../../src/commands/apply';
import { plan } from '../../../src/commands/plan';
import type { Plan } from '../../../src/model/plan';
import type { ApplyReport } from '../../../src/model/reports';
import { type RunningSimulator, startSimulator } from '../../../src/sim';
import { tempDir, writeFile } from '../../helpers/harness';
import { runAtLevel } from '../../helpers/run-at-level';
import { CANARY_ENV, twoOfEachYaml } from '../../helpers/two-of-each';

let sim: RunningSimulator;
let dir: string;
let file: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ username: CANARY_ENV.ISE_USERNAME, password: CANARY_ENV.ISE_PASSWORD });
  dir = tempDir('ise-duo-race-');
  file = writeFile(dir, 'site.yaml', twoOfEachYaml({ requestTimeoutSeconds: 5 }));
  env = { ...CANARY_ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const runApply = () => runAtLevel((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);

test.each([0, 3, 11])('two applies at once (latency %i ms): one correct state, no duplicates', async (ms) => {
  sim.setLatency(ms);
  const runs = await Promise.all([runApply(), runApply()]);
  sim.setLatency(0);

  for (const run of runs) {
    const report = JSON.parse(run.out) as ApplyReport;
    if (run.code === 0) {
      expect(report.result.status).toBe('applied');
      expect(report.remaining).toEqual([]);
    } else {
      // A run may lose a race, but never without saying what failed and why.
      expect(report.result.failed?.explanation).toEqual(expect.any(String));
    }
  }
  // Both plans were made from the same empty ISE and name the same five writes; both runs count all five
  // done, either by their own write or by a re-read that found the other run's.
  expect(runs.map((r) => r.code)).toEqual([0, 0]);
  const confirmed = runs.flatMap((r) =>
    (JSON.parse(r.out) as ApplyReport).result.applied.filter((c) => c.confirmedByReread),
  );
  const posts = sim.requestLog().filter((r) => r.method === 'POST' && !r.path.includes('/testconnection/'));
  // Both runs planned all four creates, so every create raced: each object was made once, and the loser of
  // each race got one refused POST and counted it done by one re-read.
  for (const run of runs) expect((JSON.parse(run.out) as ApplyReport).plan.changes).toHaveLength(5);
  expect(posts.filter((p) => p.status >= 200 && p.status < 300)).toHaveLength(4);
  expect(posts.filter((p) => p.status === 400)).toHaveLength(4);
  expect(confirmed).toHaveLength(4);

  const state = sim.snapshot();
  expect(state.mfaEnabled).toBe(true);
  expect(state.syncs.map((s) => s.syncName).sort()).toEqual(['corp-ad', 'lab-ad']);
  expect(state.connections.map((c) => c.connectionName).sort()).toEqual(['corp-duo', 'lab-duo']);

  const after = await runAtLevel((ctx) => plan({ file, format: 'json' }, ctx), env, dir);
  expect(after.code).toBe(0);
  expect((JSON.parse(after.out) as Plan).changes).toEqual([]);
});
