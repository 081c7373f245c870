/**
 * What a re-read after a failed write makes of it (helper report of 2026-12-04):
 * - a DELETE whose answer was lost, retried and answered 404, was "another writer's" delete, though this
 *   run's own first DELETE had done it: an earlier attempt's unknown outcome now carries to the failure,
 *   so who made it "cannot be told".
 */
import { apply } from '../../../src/commands/apply';
import type { ApplyReport } from '../../../src/model/reports';
import { type RunningSimulator, startSimulator } from '../../../src/sim';
import { tempDir, writeFile } from '../../helpers/harness';
import { runAtLevel } from '../../helpers/run-at-level';
import { CANARY_ENV, twoOfEachYaml } from '../../helpers/two-of-each';

let sim: RunningSimulator;
const dir = tempDir('ise-duo-reread-');
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ username: CANARY_ENV.ISE_USERNAME, password: CANARY_ENV.ISE_PASSWORD });
  env = { ...CANARY_ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

async function applyFile(yaml: string, extra: { allowCritical?: boolean } = {}) {
  const file = writeFile(dir, 'site.yaml', yaml);
  const r = await runAtLevel((ctx) => apply({ file, format: 'json', yes: true, ...extra }, ctx), env, dir);
  return { ...r, report: r.out ? (JSON.parse(r.out) as ApplyReport) : undefined };
}

test('a lost DELETE answer, then 404 on the retry: applied, and who made it cannot be told', async () => {
  expect((await applyFile(twoOfEachYaml())).code).toBe(0);
  // The same file without lab-duo, pruning: lab-duo is deleted.
  const without = twoOfEachYaml()
    .replace(/ {2}- name: lab-duo[\s\S]*?(?=\n {2}- name: |\n\S|$)/, '')
    .replace('prune: false', 'prune: true');
  expect(without).not.toContain('lab-duo');
  sim.addFault({ method: 'DELETE', path: '/api/v1/duo-mfa/mfa/lab-duo', kind: 'lost-response' });
  const r = await applyFile(without, { allowCritical: true });
  expect(r.code).toBe(0);
  const deleted = r.report?.result.applied.find((a) => a.name === 'lab-duo');
  expect(deleted).toMatchObject({ confirmedByReread: true, madeBy: 'unknown' });
  const deletes = sim.requestLog().filter((q) => q.method === 'DELETE');
  expect(deletes.length).toBe(2); // the lost one, and the retry answered 404
});
