/**
 * No idle waits in apply, seen from the simulator's request log (bench/round-trips.cjs counts the dependent
 * round trips): from empty, the whole apply (plan, the AD names checked through ERS while MFA is off, enable,
 * key check beside the AD list, two creates, convergence, sync start, first poll) is 9 round trips; the
 * convergence check sends the status, the lists and the details of only the objects it touched, all at
 * once; and it re-reads a touched object instead of trusting the state from before the apply. A plan is 3
 * round trips: the status alone (the login test, so a wrong password is one failed login), then the lists
 * beside the join points (three in flight), then the details.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createIseClient } from '../../src/client/ise-client';
import { resetLoginGates } from '../../src/client/login-gate';
import { apply } from '../../src/commands/apply';
import { plan } from '../../src/commands/plan';
import { loadDesiredState } from '../../src/desired/load';
import { readAfterApply } from '../../src/live/read-after-apply';
import { readLiveState, scopeFor } from '../../src/live/read-live-state';
import { Secret } from '../../src/model/secret';
import type { CommandContext } from '../../src/runtime/context';
import type { SimRequest } from '../../src/sim';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { DUO_ENV, runCli, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { TOGETHER_LATENCY_MS } from '../helpers/together';

const { dependentRoundTrips } = require('../../bench/round-trips.cjs') as {
  dependentRoundTrips(log: SimRequest[]): number;
};

let sim: RunningSimulator;
const dir = tempDir('ise-duo-converge-');
const env: Record<string, string> = { ...DUO_ENV };

beforeAll(async () => {
  sim = await startSimulator({ username: env.ISE_USERNAME, password: env.ISE_PASSWORD, syncDelayMs: 20 });
  env.ISE_URL = sim.url;
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

// Set-up applies start no sync run: a second run within the same second as the first is indistinguishable
// from it by `lastSync` (one-second steps), which is not what these tests are about.
const applyFile = (file: string, runSync = false) =>
  runCommand((ctx) => apply({ file, format: 'json', yes: true, runSync }, ctx), env, dir);

/** The requests after the last configuration write. */
const afterLastWrite = (log: SimRequest[]) => {
  const lastWrite = log.map((e) => e.method !== 'GET').lastIndexOf(true);
  return log.slice(lastWrite + 1);
};

test('apply from empty with a sync run is 9 dependent round trips', async () => {
  const yaml = siteYaml({}).replace('    adGroups:', '    runSync: onChange\n    adGroups:');
  const file = writeFile(dir, 'empty.yaml', yaml);
  sim.setLatency(TOGETHER_LATENCY_MS);
  const r = await applyFile(file, true);
  expect(r.err).toMatch(/Success/);
  expect(r.code).toBe(0);
  expect(dependentRoundTrips(sim.requestLog())).toBe(9);
});

test('the convergence check reads status, lists and the touched detail in one round trip', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  expect((await applyFile(file)).code).toBe(0);
  const edited = writeFile(dir, 'site.yaml', siteYaml({ groups: ['corp.example.com/Users/VPN Users'] }));
  sim.clearLog();
  sim.setLatency(TOGETHER_LATENCY_MS);
  const r = await applyFile(edited);
  expect(r.code).toBe(0);
  const tail = afterLastWrite(sim.requestLog());
  expect(tail.map((e) => `${e.method} ${e.path}`).sort()).toEqual([
    'GET /api/v1/duo-identitysync/identitysync',
    'GET /api/v1/duo-identitysync/identitysync/corp-ad',
    'GET /api/v1/duo-mfa/mfa',
    'GET /api/v1/duo-mfa/status',
  ]);
  expect(dependentRoundTrips(tail)).toBe(1);
});

test('each kind reads again only what the apply touched of it: a connection edit reads no sync detail', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  expect((await applyFile(file)).code).toBe(0);
  const edited = writeFile(
    dir,
    'site.yaml',
    siteYaml({ connections: [{ name: 'corp-duo', description: 'Duo' }] }),
  );
  sim.clearLog();
  const r = await applyFile(edited);
  expect(r.code).toBe(0);
  expect(
    afterLastWrite(sim.requestLog())
      .map((e) => `${e.method} ${e.path}`)
      .sort(),
  ).toEqual([
    'GET /api/v1/duo-identitysync/identitysync',
    'GET /api/v1/duo-mfa/mfa',
    'GET /api/v1/duo-mfa/mfa/corp-duo',
    'GET /api/v1/duo-mfa/status',
  ]);
});

test('a touched object is read again, not taken from before the apply', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  expect((await applyFile(file)).code).toBe(0);
  const loaded = await loadDesiredState(file, env);
  if (!loaded.ok) throw new Error('the test file does not load');
  const client = createIseClient({
    baseUrl: sim.url,
    username: env.ISE_USERNAME,
    password: new Secret(env.ISE_PASSWORD),
  });
  const scope = scopeFor(loaded.desired);
  const before = await readLiveState(client, scope);
  // As if an apply had updated corp-ad, but ISE holds it without one group (it "did not take" the change).
  const stale = structuredClone(before);
  stale.identitySyncs[0].adGroups = [];
  const touched = await readAfterApply(client, scope, stale, [
    { kind: 'identity-sync', action: 'update', name: 'corp-ad' },
  ]);
  expect(touched.live.identitySyncs[0].adGroups).toEqual(before.identitySyncs[0].adGroups);
  const untouched = await readAfterApply(client, scope, stale, []);
  expect(untouched.live.identitySyncs[0].adGroups).toEqual([]);
});

/** The most requests in flight at once in `log` (a completion before an arrival at the same instant). */
const mostInFlight = (log: SimRequest[]) => {
  const events = log.flatMap((e) => [
    { at: e.arrivedAtMs, step: 1 },
    { at: e.completedAtMs ?? Number.POSITIVE_INFINITY, step: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const e of events) {
    now += e.step;
    most = Math.max(most, now);
  }
  return most;
};

test('a plan reads in 3 round trips: the status alone (the login test), then the lists beside the join points, then the details', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  expect((await applyFile(file)).code).toBe(0);
  sim.clearLog();
  sim.setLatency(TOGETHER_LATENCY_MS);
  const r = await runCommand((ctx) => plan({ file, format: 'json' }, ctx), env, dir);
  expect(r.code).toBe(0);
  const log = sim.requestLog();
  const first = log.filter((e) => e.arrivedAtMs < log[0].completedAtMs!);
  expect(first.map((e) => e.path)).toEqual(['/api/v1/duo-mfa/status']);
  expect(log).toHaveLength(6);
  expect(dependentRoundTrips(log)).toBe(3);
  expect(mostInFlight(log)).toBe(3);
});

test('while MFA is off the read stops after the status (no join-point list, which ISE would refuse); ERS checks the names in one more', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  sim.clearLog();
  sim.setLatency(TOGETHER_LATENCY_MS);
  const r = await runCommand((ctx) => plan({ file, format: 'json' }, ctx), env, dir);
  expect(r.code).toBe(0);
  const log = sim.requestLog();
  expect(log.map((e) => `${e.method} ${e.path} ${e.status}`).sort()).toEqual([
    'GET /api/v1/duo-mfa/status 200',
    'GET /ers/config/activedirectory/name/CORP_AD 200',
  ]);
  expect(dependentRoundTrips(log)).toBe(2);
});

// Audit B of 2026-12-02: a wrong password made three failed logins in one run (the status, the join points
// and a policy-set list sent together), and ISE locks an account after a few (3 on a STIG-hardened ISE).
test.each([
  ['plan', (file: string) => (ctx: CommandContext) => plan({ file, format: 'json' }, ctx)],
  ['apply', (file: string) => (ctx: CommandContext) => apply({ file, format: 'json', yes: true }, ctx)],
])('a wrong password is one failed login per run: %s', async (_name, command) => {
  const yaml =
    `${siteYaml({})}mfaPolicies:\n  - service: deviceAdmin\n    policySet: Default\n    rules:\n` +
    '      - { name: Admins use Duo, connection: corp-duo, condition: { library: Network-Admins } }\n';
  const file = writeFile(dir, 'rules.yaml', yaml);
  resetLoginGates(); // in-process: the other case's 401 is remembered for five minutes
  sim.clearLog();
  const r = await runCommand(command(file), { ...env, ISE_PASSWORD: 'not-the-password' }, dir);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/401 Unauthorized.*ise-duo sends one request until ISE accepts the credentials/);
  expect(sim.requestLog().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
    'GET /api/v1/duo-mfa/status 401',
  ]);
});

test('a fleet sharing one ISE and a wrong password makes one failed login in all, not one per target', async () => {
  const fleet = join(dir, 'fleet-401');
  mkdirSync(fleet, { recursive: true });
  for (const name of ['a.yaml', 'b.yaml', 'c.yaml']) writeFile(fleet, name, siteYaml({}));
  sim.clearLog();
  const r = await runCli(['plan', fleet], { ...env, ISE_PASSWORD: 'not-the-password' }, dir);
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).toMatch(/401 Unauthorized/);
  expect(sim.requestLog().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
    'GET /api/v1/duo-mfa/status 401',
  ]);
});
