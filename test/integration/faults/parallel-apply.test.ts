/**
 * The parallel apply (the default, `--apply-parallelism 4`): the writes of one dependency phase go out at
 * once, phases stay in order, a failure lets the writes already sent in its phase finish but starts nothing
 * after it, the report stays in plan order, an unknown outcome is re-read and never re-POSTed, and the key
 * pre-flights of a phase overlap. Seen from the simulator's request log (arrival and completion times).
 */
import { apply } from '../../../src/commands/apply';
import type { ApplyReport } from '../../../src/model/reports';
import { type RunningSimulator, type SimRequest, startSimulator } from '../../../src/sim';
import { tempDir, writeFile } from '../../helpers/harness';
import { runAtLevel } from '../../helpers/run-at-level';
import { TOGETHER_LATENCY_MS } from '../../helpers/together';
import { CANARY_ENV, twoOfEachYaml } from '../../helpers/two-of-each';

const SYNCS = '/api/v1/duo-identitysync/identitysync';
const CONNECTIONS = '/api/v1/duo-mfa/mfa';
let sim: RunningSimulator;
const dir = tempDir('ise-duo-parallel-');
const file = writeFile(dir, 'site.yaml', twoOfEachYaml({ requestTimeoutSeconds: 2 }));
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ username: CANARY_ENV.ISE_USERNAME, password: CANARY_ENV.ISE_PASSWORD });
  env = { ...CANARY_ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  sim.setLatency(TOGETHER_LATENCY_MS);
});

async function applyNow(extra: { applyParallelism?: number } = {}) {
  const r = await runAtLevel((ctx) => apply({ file, format: 'json', yes: true, ...extra }, ctx), env, dir);
  return { ...r, report: JSON.parse(r.out) as ApplyReport };
}

const label = (c: { kind: string; name: string }) => `${c.kind}:${c.name}`;
const posts = (log: SimRequest[], path: string) => log.filter((e) => e.method === 'POST' && e.path === path);
/** Whether every request of `a` was sent before any of `b` answered, i.e. they overlapped. */
const overlapped = (a: SimRequest[], b: SimRequest[]) =>
  a.every((x) =>
    b.every((y) => x.arrivedAtMs < (y.completedAtMs ?? 0) && y.arrivedAtMs < (x.completedAtMs ?? 0)),
  );
/** Whether every request of `later` arrived after every one of `earlier` completed. */
const after = (later: SimRequest[], earlier: SimRequest[]) =>
  later.every((l) => earlier.every((e) => l.arrivedAtMs >= (e.completedAtMs ?? Infinity)));

test('one phase at a time, its writes at once; the report in plan order', async () => {
  const r = await applyNow();
  expect(r.code).toBe(0);
  const log = sim.requestLog();
  const [syncs, connections] = [posts(log, SYNCS), posts(log, CONNECTIONS)];
  const tests = log.filter((e) => e.path.includes('/testconnection/'));
  expect([syncs.length, connections.length, tests.length]).toEqual([2, 2, 2]);
  expect(overlapped([syncs[0]], [syncs[1]])).toBe(true);
  expect(overlapped([connections[0]], [connections[1]])).toBe(true);
  expect(overlapped([tests[0]], [tests[1]])).toBe(true);
  expect(after(connections, syncs)).toBe(true);
  expect(
    after(
      syncs,
      log.filter((e) => e.method === 'PUT'),
    ),
  ).toBe(true);
  expect(r.report.result.applied.map(label)).toEqual([
    'mfa:mfa',
    'identity-sync:corp-ad',
    'identity-sync:lab-ad',
    'duo-connection:corp-duo',
    'duo-connection:lab-duo',
  ]);
});

test('--apply-parallelism 1 sends one write at a time', async () => {
  expect((await applyNow({ applyParallelism: 1 })).code).toBe(0);
  const syncs = posts(sim.requestLog(), SYNCS);
  expect(after([syncs[1]], [syncs[0]])).toBe(true);
});

test('a failed sync create: its sibling (already sent) finishes, no connection is started, exit 5', async () => {
  sim.addFault({ method: 'POST', path: SYNCS, nth: 1, kind: '500' });
  const r = await applyNow();
  expect(r.code).toBe(5);
  const { result } = r.report;
  expect(result.status).toBe('failed');
  const failed = label(result.failed!);
  const sibling = failed === 'identity-sync:corp-ad' ? 'identity-sync:lab-ad' : 'identity-sync:corp-ad';
  expect(result.applied.map(label)).toEqual(['mfa:mfa', sibling]);
  expect(result.notApplied.map(label)).toEqual(['duo-connection:corp-duo', 'duo-connection:lab-duo']);
  expect(posts(sim.requestLog(), CONNECTIONS)).toEqual([]);
  expect(sim.snapshot().syncs.map((s) => label({ kind: 'identity-sync', name: s.syncName ?? '' }))).toEqual([
    sibling,
  ]);
  // Both creates failing in one phase: the first in plan order is `failed`, the other `alsoFailed`.
  sim.reset();
  sim.addFault({ method: 'POST', path: SYNCS, nth: 1, kind: '500' });
  sim.addFault({ method: 'POST', path: SYNCS, nth: 1, kind: '500' });
  const both = (await applyNow()).report.result;
  expect([both.failed, ...(both.alsoFailed ?? [])].map((f) => label(f!))).toEqual([
    'identity-sync:corp-ad',
    'identity-sync:lab-ad',
  ]);
});

test('a lost answer to a create is re-read, not re-sent, while its sibling goes on', async () => {
  sim.addFault({ method: 'POST', path: CONNECTIONS, nth: 1, kind: 'lost-response' });
  const r = await applyNow();
  expect(r.code).toBe(0);
  const confirmed = r.report.result.applied.filter((c) => c.confirmedByReread).map(label);
  expect(confirmed).toHaveLength(1);
  expect(posts(sim.requestLog(), CONNECTIONS)).toHaveLength(2);
  expect(r.report.remaining).toEqual([]);
});

test('--apply-parallelism 0 is refused before anything is sent', async () => {
  const r = await runAtLevel(
    (ctx) => apply({ file, format: 'json', yes: true, applyParallelism: 0 }, ctx),
    env,
    dir,
  );
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/--apply-parallelism must be a whole number of at least 1, not 0/);
  expect(sim.requestLog()).toEqual([]);
});
