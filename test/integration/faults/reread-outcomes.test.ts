/**
 * What a re-read after a failed write makes of it (helper report of 2026-12-04):
 * - a DELETE whose answer was lost, retried and answered 404, was "another writer's" delete, though this
 *   run's own first DELETE had done it: an earlier attempt's unknown outcome now carries to the failure,
 *   so who made it "cannot be told".
 */

import { apply } from '../../../src/commands/apply';
import type { ApplyReport } from '../../../src/model/reports';
import { DEFAULT_SEED_FILE, type RunningSimulator, startSimulator } from '../../../src/sim';
import { loadSeed } from '../../../src/sim/seed';
import { tempDir, writeFile } from '../../helpers/harness';
import { runAtLevel } from '../../helpers/run-at-level';
import { CANARY_ENV, twoOfEachYaml } from '../../helpers/two-of-each';

let sim: RunningSimulator;
/** The same, answering a DELETE of an unknown name with 500, the error Cisco's spec declares for it. */
let declared: RunningSimulator;
const dir = tempDir('ise-duo-reread-');
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ username: CANARY_ENV.ISE_USERNAME, password: CANARY_ENV.ISE_PASSWORD });
  env = { ...CANARY_ENV, ISE_URL: sim.url };
  declared = await startSimulator({
    username: CANARY_ENV.ISE_USERNAME,
    password: CANARY_ENV.ISE_PASSWORD,
    seed: { ...loadSeed(DEFAULT_SEED_FILE).seed, unknownDeleteStatus: 500 },
  });
});
afterAll(() => Promise.all([sim.stop(), declared.stop()]));
beforeEach(() => {
  sim.reset();
  declared.reset();
});

async function applyFile(yaml: string, extra: { allowCritical?: boolean } = {}, url = sim.url) {
  const file = writeFile(dir, 'site.yaml', yaml);
  const r = await runAtLevel(
    (ctx) => apply({ file, format: 'json', yes: true, ...extra }, ctx),
    { ...env, ISE_URL: url },
    dir,
  );
  return { ...r, report: r.out ? (JSON.parse(r.out) as ApplyReport) : undefined };
}

test.each([
  ['404', () => sim],
  ['500 (the error the spec declares for it)', () => declared],
])(
  'a lost DELETE answer, then %s on the retry: applied, and who made it cannot be told',
  async (_status, target) => {
    const ise = target();
    const applyTo = (yaml: string, extra: { allowCritical?: boolean } = {}) =>
      applyFile(yaml, extra, ise.url);
    expect((await applyTo(twoOfEachYaml())).code).toBe(0);
    // The same file without lab-duo, pruning: lab-duo is deleted.
    const without = twoOfEachYaml()
      .replace(/ {2}- name: lab-duo[\s\S]*?(?=\n {2}- name: |\n\S|$)/, '')
      .replace('prune: false', 'prune: true');
    expect(without).not.toContain('lab-duo');
    ise.addFault({ method: 'DELETE', path: '/api/v1/duo-mfa/mfa/lab-duo', kind: 'lost-response' });
    const r = await applyTo(without, { allowCritical: true });
    expect(r.code).toBe(0);
    const deleted = r.report?.result.applied.find((a) => a.name === 'lab-duo');
    expect(deleted).toMatchObject({ confirmedByReread: true, madeBy: 'unknown' });
    const deletes = ise.requestLog().filter((q) => q.method === 'DELETE');
    expect(deletes.map((q) => q.status)).toEqual([0, ise === declared ? 500 : 404]); // the lost one, the retry
    expect(ise.snapshot().connections.map((c) => c.connectionName)).not.toContain('lab-duo');
  },
);
