/**
 * A saved plan in the hands of someone who can write the file: `apply --plan` sends only what a fresh plan
 * would, whatever the file says (a re-hashed edit, a critical flag removed), refuses every such plan with exit 3
 * before any write, and says which input moved when it is stale (the file, the environment, another file).
 * Real processes against the simulator.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Change, type Plan, signPlan } from '../../src/model/plan';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startTestSimulator();
  env = { ...DUO_ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  dir = tempDir('ise-duo-tamper-');
  writeFile(dir, 'site.yaml', siteYaml({}));
});

const writes = () =>
  sim.requestLog().filter((r) => r.method !== 'GET' && !r.path.includes('/testconnection/'));

const readPlan = (name = 'plan.json') => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Plan;
const resign = (plan: Plan, name = 'plan.json') => {
  const { checksum: _old, ...unsigned } = plan;
  writeFileSync(join(dir, name), JSON.stringify(signPlan(unsigned), null, 2));
};

async function savePlan(): Promise<Plan> {
  const made = await runCli(['plan', 'site.yaml', '--out', 'plan.json'], env, dir);
  expect(made.code).toBe(0);
  sim.clearLog();
  return readPlan();
}

type Body = { mfa: { accountConfigurations: Record<string, unknown> } };

test('an edited and re-hashed body (other Duo account, keys swapped) is refused, naming the difference', async () => {
  const plan = await savePlan();
  const create = plan.changes.find((c) => c.kind === 'duo-connection' && c.action !== 'delete')!;
  const account = ((create as Extract<Change, { body: unknown }>).body as Body).mfa.accountConfigurations;
  account.apiHostName = 'api-evil0000.duosecurity.com';
  [account.adminApi, account.authenticationApi] = [account.authenticationApi, account.adminApi];
  resign(plan);
  const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], env, dir);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/does not match a fresh plan/);
  expect(r.stderr).toMatch(/create duo-connection "corp-duo"\): body\.mfa\.accountConfigurations\.\w+/);
  expect(r.stderr).toMatch(/Nothing was changed/);
  expect(writes()).toEqual([]);
});

test('the refusal of an edited plan does not quote a key the edit put into it', async () => {
  const plan = await savePlan();
  const create = plan.changes.find((c) => c.kind === 'duo-connection' && c.action !== 'delete')!;
  const account = ((create as Extract<Change, { body: unknown }>).body as Body).mfa.accountConfigurations;
  (account.adminApi as Record<string, unknown>).sKey = DUO_ENV.DUO_ADMIN_SKEY;
  resign(plan);
  const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], env, dir);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/adminApi\.sKey is "\(sensitive\)" in the saved plan/);
  expect(`${r.stdout}${r.stderr}`).not.toContain(DUO_ENV.DUO_ADMIN_SKEY!.slice(0, 12));
  expect(writes()).toEqual([]);
});

test('a saved plan applied from another folder says where its file is expected, and how to name it', async () => {
  await savePlan();
  const r = await runCli(
    ['apply', '--plan', join(dir, 'plan.json'), '--yes'],
    env,
    tempDir('ise-duo-elsewhere-'),
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: the saved plan was made from site\.yaml, which is not found from here/);
  expect(r.stderr).toMatch(
    /hint: run apply in the folder the plan was made in, or name the file: ise-duo apply <file> --plan /,
  );
  expect(writes()).toEqual([]);
});

test('a critical flag removed from a saved plan is refused: critical flags are derived, never read', async () => {
  expect((await runCli(['apply', 'site.yaml', '--yes'], env, dir)).code).toBe(0);
  writeFile(
    dir,
    'site.yaml',
    siteYaml({ connections: [{ name: 'corp-duo', apiHostName: 'api-99999999.duosecurity.com' }] }),
  );
  const plan = await savePlan();
  const change = plan.changes.find((c) => c.critical)!;
  expect(change).toBeDefined();
  delete change.critical;
  resign(plan);
  const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], env, dir);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/update duo-connection "corp-duo"\): critical is absent in the saved plan, "/);
  expect(writes()).toEqual([]);
});

test('a plan edited by one byte (checksum not redone) is refused with exit 3, before ISE is read', async () => {
  await savePlan();
  const text = readFileSync(join(dir, 'plan.json'), 'utf8');
  writeFileSync(join(dir, 'plan.json'), text.replace('Duo for VPN', 'Duo for VPM'));
  const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], env, dir);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/checksum mismatch/);
  expect(sim.requestLog()).toEqual([]);
});

test('after a key rotation the refusal names the environment variable, not the file', async () => {
  const plan = await savePlan();
  const text = JSON.stringify(plan);
  const { ISE_USERNAME: _user, ...secrets } = DUO_ENV;
  for (const value of Object.values(secrets)) expect(text).not.toContain(value);
  const rotated = { ...env, DUO_ADMIN_SKEY: 'admin-skey-rotated-00000000000000000000001' };
  const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], rotated, dir);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/the environment: DUO_ADMIN_SKEY \(a different value/);
  expect(r.stderr).not.toMatch(/desired file/);
  expect(r.stderr).not.toContain(rotated.DUO_ADMIN_SKEY);
  expect(writes()).toEqual([]);
});

test('a saved plan applied from another folder, whose ./site.yaml differs, says another file was read', async () => {
  await savePlan();
  const other = join(dir, 'elsewhere');
  mkdirSync(other);
  writeFile(other, 'site.yaml', siteYaml({ groups: ['corp.example.com/Users/VPN Users'] }));
  const r = await runCli(['apply', '--plan', '../plan.json', '--yes'], env, other);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain(
    `desired file: another file was read (${join(other, 'site.yaml')}; the plan was made from ${join(dir, 'site.yaml')})`,
  );
  expect(writes()).toEqual([]);
});

test('a changed file in the same place is named as such', async () => {
  await savePlan();
  writeFile(dir, 'site.yaml', siteYaml({ groups: ['corp.example.com/Users/VPN Users'] }));
  const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], env, dir);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain(`desired file ${join(dir, 'site.yaml')} (its content)`);
  expect(r.stderr).not.toMatch(/environment/);
});

test('an untouched saved plan still applies, and what is sent is the fresh plan', async () => {
  await savePlan();
  const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], env, dir);
  expect(r.code).toBe(0);
  expect(writes().map((w) => w.method)).toEqual(['PUT', 'POST', 'POST']);
});
