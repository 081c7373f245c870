/**
 * Every write, every fault kind. From an empty ISE the plan has five writes (enable, two sync creates, two
 * connection creates); for each k in 1..5 and each kind the simulator can inject, the k-th write fails once.
 * After each: the exit code says whether a bounded retry (or a re-read) recovered, and if not, whether ISE
 * was changed before the failure (5, "applied, not verified") or not (1); the json report lists
 * exactly what ISE now holds as applied; no write went anywhere the plan did not name; a POST whose answer
 * was lost was re-read, not re-sent; and a second apply converges to an empty plan.
 *
 * The writes go one at a time (`--apply-parallelism 1`), so "the k-th write" is one change of the plan and
 * everything before it was applied; test/integration/faults/parallel-apply.test.ts covers the default, where
 * the other writes of the failing one's phase were already sent.
 *
 * One simulator for the whole file, reset between cases. `ise.requestTimeoutSeconds: 1` keeps a hang to one
 * second; the 503 asks for `Retry-After: 1`, which the client honours (capped) before its one retry.
 */

import type { ApplyCommandOptions } from '../../../src/commands/apply';
import { apply } from '../../../src/commands/apply';
import { plan } from '../../../src/commands/plan';
import type { Change, Plan } from '../../../src/model/plan';
import type { ApplyReport } from '../../../src/model/reports';
import {
  type FaultKind,
  type FaultSpec,
  type RunningSimulator,
  type SimSnapshot,
  startSimulator,
} from '../../../src/sim';
import { tempDir, writeFile } from '../../helpers/harness';
import { runAtLevel } from '../../helpers/run-at-level';
import { CANARY_ENV, twoOfEachYaml } from '../../helpers/two-of-each';

const MFA_ENABLE = '/api/v1/duo-mfa/enable';
const COLLECTION = {
  'identity-sync': '/api/v1/duo-identitysync/identitysync',
  'duo-connection': '/api/v1/duo-mfa/mfa',
} as const;
const KINDS: FaultKind[] = ['500', '503', '429', 'hang', 'drop', 'lost-response'];
/** Kinds a PUT survives by the client's bounded retry (the fault fires once). A POST is never re-sent. */
const RETRIED_ON_PUT = new Set<FaultKind>(['503', '429', 'hang', 'drop', 'lost-response']);

let sim: RunningSimulator;
let dir: string;
let file: string;
let env: NodeJS.ProcessEnv;
let changes: Change[];
/** ISE after a clean apply: what every object that exists after a fault must equal. */
let converged: SimSnapshot;

const label = (c: { kind: string; name: string }) => `${c.kind}:${c.name}`;

async function planNow(): Promise<Plan> {
  const r = await runAtLevel((ctx) => plan({ file, format: 'json' }, ctx), env, dir);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Plan;
}

async function applyNow() {
  const options: ApplyCommandOptions = { file, format: 'json', yes: true, applyParallelism: 1 };
  const r = await runAtLevel((ctx) => apply(options, ctx), env, dir);
  return { ...r, report: JSON.parse(r.out) as ApplyReport };
}

/** The fault that fails write number `k` (1-based) of the plan, and only that one. */
function faultFor(k: number, kind: FaultKind): FaultSpec {
  const change = changes[k - 1];
  const retryAfterSeconds = kind === '503' ? 1 : undefined;
  if (change.kind === 'mfa') return { method: 'PUT', path: MFA_ENABLE, kind, retryAfterSeconds };
  const sameKind = changes.slice(0, k).filter((c) => c.kind === change.kind && c.action === 'create');
  return {
    method: 'POST',
    path: COLLECTION[change.kind as keyof typeof COLLECTION],
    nth: sameKind.length,
    kind,
    retryAfterSeconds,
  };
}

/** The objects ISE holds, as kind:name, and the mfa switch as `mfa:`. */
function held(snapshot: SimSnapshot): string[] {
  return [
    ...(snapshot.mfaEnabled ? ['mfa:mfa'] : []),
    ...snapshot.syncs.map((s) => `identity-sync:${s.syncName}`),
    ...snapshot.connections.map((c) => `duo-connection:${c.connectionName}`),
  ].sort();
}

/** A sync without the server-owned run state, which a sync run (not a write) changes. */
function configOf(sync: SimSnapshot['syncs'][number]) {
  const { lastSync: _l, syncStatus: _s, ...config } = sync;
  return config;
}

beforeAll(async () => {
  sim = await startSimulator({ username: CANARY_ENV.ISE_USERNAME, password: CANARY_ENV.ISE_PASSWORD });
  dir = tempDir('ise-duo-faults-');
  file = writeFile(dir, 'site.yaml', twoOfEachYaml({ requestTimeoutSeconds: 1 }));
  env = { ...CANARY_ENV, ISE_URL: sim.url };
  changes = (await planNow()).changes;
  const clean = await applyNow();
  expect(clean.code).toBe(0);
  converged = sim.snapshot();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

test('the plan from an empty ISE has the five writes the suite fails one by one', () => {
  expect(changes.map((c) => `${c.action} ${label(c)}`)).toEqual([
    'enable mfa:mfa',
    'create identity-sync:corp-ad',
    'create identity-sync:lab-ad',
    'create duo-connection:corp-duo',
    'create duo-connection:lab-duo',
  ]);
  expect(held(converged)).toEqual(changes.map(label).sort());
});

const cases = [1, 2, 3, 4, 5].flatMap((k) => KINDS.map((kind) => [k, kind] as const));

test.each(cases)(
  'write %i fails with %s: right exit, honest report, nothing else touched, converges',
  async (k, kind) => {
    sim.addFault(faultFor(k, kind));
    const target = changes[k - 1];
    const isPut = target.kind === 'mfa';
    const recovers = kind === 'lost-response' || (isPut && RETRIED_ON_PUT.has(kind));

    const first = await applyNow();
    expect(sim.requestLog().filter((r) => r.fault === kind)).toHaveLength(1);
    // Not recovered: 1 when nothing was written (the first write failed), 5 when ISE was already changed.
    expect(first.code).toBe(recovers ? 0 : k === 1 ? 1 : 5);
    const { result, remaining } = first.report;
    const before = changes.slice(0, k - 1).map(label);
    const after = changes.slice(k).map(label);
    if (recovers) {
      expect(result.status).toBe('applied');
      expect(result.applied.map(label)).toEqual(changes.map(label));
      expect(remaining).toEqual([]);
      // A POST whose answer was lost counts as applied because a re-read found it, not because it was re-sent.
      if (!isPut) expect(result.applied[k - 1].confirmedByReread).toBe(true);
    } else {
      expect(result.status).toBe('failed');
      expect(result.applied.map(label)).toEqual(before);
      expect(result.failed && label(result.failed)).toBe(label(target));
      expect(result.failed?.explanation).toEqual(expect.any(String));
      expect(result.notApplied.map(label)).toEqual(after);
    }

    // What the report calls applied is exactly what ISE holds, each object as a clean apply makes it.
    const snapshot = sim.snapshot();
    expect(held(snapshot)).toEqual(result.applied.map(label).sort());
    for (const s of snapshot.syncs) {
      const want = converged.syncs.find((c) => c.syncName === s.syncName);
      expect(want && configOf(s)).toEqual(want && configOf(want));
    }
    for (const c of snapshot.connections) {
      expect(c).toEqual(converged.connections.find((w) => w.connectionName === c.connectionName));
    }

    const second = await applyNow();
    expect(second.code).toBe(0);
    expect(second.report.result.applied.map(label)).toEqual(
      changes.map(label).filter((l) => !result.applied.map(label).includes(l)),
    );
    expect((await planNow()).changes).toEqual([]);
    expect(sim.snapshot()).toEqual(expect.objectContaining({ mfaEnabled: true }));
    expect(held(sim.snapshot())).toEqual(held(converged));

    // Writes went only where the plan said; every create was sent once, plus once more only if the fault
    // kept the first from landing; no create was ever refused as a duplicate.
    // (A testconnection POST, apply's key pre-flight, changes no configuration: it is not a write.)
    const writes = sim.requestLog().filter((r) => r.method !== 'GET' && !r.path.includes('/testconnection/'));
    const named = new Set([`PUT ${MFA_ENABLE}`, ...Object.values(COLLECTION).map((p) => `POST ${p}`)]);
    expect(writes.filter((w) => !named.has(`${w.method} ${w.path}`))).toEqual([]);
    expect(writes.filter((w) => w.status >= 400 && w.status < 500 && w.status !== 429)).toEqual([]);
    for (const [kindOf, path] of Object.entries(COLLECTION)) {
      const posts = writes.filter((w) => w.method === 'POST' && w.path === path);
      const failedHere = !isPut && target.kind === kindOf && kind !== 'lost-response' ? 1 : 0;
      expect(posts).toHaveLength(2 + failedHere);
    }
  },
);
