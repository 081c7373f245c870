/**
 * Secrets that cross from one part of a run to another (audit of 2026-12-02, auditor A): in a fleet, a file
 * whose printed field holds another file's key; an ISE URL holding a key; a short ISE password referenced in
 * a printed field; a saved plan edited to hold a key; a command-line argument holding the password. Real CLI
 * processes at debug level, so the runner's last scrub and commander's own errors are covered; zero
 * occurrences of any canary (or an 8-character piece of one) is the only pass, and bad input sends nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signPlan } from '../../src/model/plan';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { fragmentLeaks } from '../helpers/fragments';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';

const B_ENV = {
  B_ADMIN_IKEY: 'DIBBBBBBBBBBBBBBBBB1',
  B_ADMIN_SKEY: 'b-admin-skey-0000000000000000000000000001',
  B_AUTH_IKEY: 'DIBBBBBBBBBBBBBBBBB2',
  B_AUTH_SKEY: 'b-auth-skey-00000000000000000000000000002',
};
const CANARIES = [DUO_ENV.ISE_PASSWORD, DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.DUO_AUTH_SKEY];

let sim: RunningSimulator;
const dir = tempDir('ise-duo-run-secrets-');
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ username: DUO_ENV.ISE_USERNAME, password: DUO_ENV.ISE_PASSWORD });
  env = { ...DUO_ENV, ...B_ENV, ISE_URL: sim.url, NO_COLOR: '1' };
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const expectNoLeak = (text: string) => {
  for (const canary of CANARIES) expect(text.toLowerCase()).not.toContain(canary.toLowerCase());
  expect(fragmentLeaks('output', text, CANARIES)).toEqual([]);
};

/** Site B: its own keys, and a description that quotes site A's Duo key. */
const siteB = (description: string) =>
  siteYaml({ connections: [{ name: 'b-duo', description: 'DESCRIPTION' }] })
    .replaceAll('${env:DUO_', '${env:B_')
    .replace('DESCRIPTION', `"${description}"`)
    .replaceAll('corp-ad', 'b-ad');

describe('a fleet: one file may not print a key another file uses', () => {
  const fleet = join(dir, 'fleet');
  beforeAll(() => {
    mkdirSync(fleet);
    writeFile(fleet, 'a.yaml', siteYaml({}));
    writeFile(fleet, 'b.yaml', siteB('copied ${env:DUO_ADMIN_SKEY}'));
  });

  // DUO_ADMIN_SKEY is named as a secret, so B's reference to it in a printed field is refused at load
  // (since 2026-12-04; before, plan read B and showed the value as "(sensitive)"). A is planned all the same.
  it.each(['text', 'json', 'markdown'])(
    'plan --format %s refuses the field, never printing the key',
    async (format) => {
      const r = await runCli(['--log-level', 'debug', 'plan', fleet, '--format', format], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/description\\?" holds the value of a secret/);
      expect(r.stdout).toMatch(/a\.yaml/);
      expectNoLeak(r.stdout + r.stderr);
    },
  );

  it('apply refuses the fleet at the field, before any write', async () => {
    sim.clearLog();
    const r = await runCli(['--log-level', 'debug', 'apply', fleet, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/b\.yaml:\d+:\d+: error: "description" holds the value of a secret/);
    expect(sim.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
    expectNoLeak(r.stdout + r.stderr);
  });
});

describe('an ISE URL that holds a secret', () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  it.each([
    ['--ise-url', ['--ise-url', DUO_ENV.DUO_ADMIN_SKEY], {}],
    ['ISE_URL', [], { ISE_URL: DUO_ENV.DUO_AUTH_SKEY }],
    ['a host', [], { ISE_URL: `http://${DUO_ENV.ISE_PASSWORD}.localhost:9` }],
    ['a host, online', ['--ise-url', `https://${DUO_ENV.DUO_ADMIN_SKEY}:443`], {}],
  ])('is refused without being quoted (%s)', async (what, args, extra) => {
    const command = what.endsWith('online') ? ['validate', file, '--online'] : ['plan', file];
    const r = await runCli(['--log-level', 'debug', ...command, ...args], { ...env, ...extra });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/is not a URL|holds the value of a secret/);
    expectNoLeak(r.stdout + r.stderr);
  });
});

test('a short ISE password referenced in a printed field is refused, whatever its length', async () => {
  const file = writeFile(
    dir,
    'short.yaml',
    siteYaml({ connections: [{ name: 'd', description: '"pw ${env:ISE_PASSWORD}"' }] }),
  );
  const r = await runCli(['validate', file], { ...env, ISE_PASSWORD: 'Zq9' });
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).toMatch(/"description" holds the value of a secret/);
  expect(r.stdout + r.stderr).not.toContain('Zq9');
});

/** The fields of a saved plan these edits touch. */
interface EditablePlan {
  formatVersion: unknown;
  desiredFile: unknown;
  inputs: { env: Record<string, string> };
}

describe('a saved plan edited to hold a secret', () => {
  const file = writeFile(dir, 'saved.yaml', siteYaml({}));
  const planFile = join(dir, 'saved.json');
  beforeAll(async () => {
    expect([0, 2]).toContain((await runCli(['plan', file, '--out', planFile], env)).code);
  });
  const edited = (edit: (p: EditablePlan) => void) => {
    const { checksum: _, ...plan } = JSON.parse(readFileSync(planFile, 'utf8'));
    edit(plan);
    const out = join(dir, 'edited.json');
    writeFileSync(out, JSON.stringify(signPlan(plan as never)));
    return out;
  };
  it.each([
    ['its format version', (p: EditablePlan) => (p.formatVersion = DUO_ENV.DUO_ADMIN_SKEY)],
    ['its file', (p: EditablePlan) => (p.desiredFile = DUO_ENV.DUO_ADMIN_SKEY)],
    ['a variable name', (p: EditablePlan) => (p.inputs.env[DUO_ENV.DUO_ADMIN_SKEY] = '0123456789abcdef')],
  ])('is refused without quoting it (%s), nothing sent', async (_what, edit) => {
    sim.clearLog();
    const r = await runCli(['--log-level', 'debug', 'apply', '--plan', edited(edit), '--yes'], env, dir);
    expect(r.code).not.toBe(0);
    expect(sim.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
    expectNoLeak(r.stdout + r.stderr);
  });
});

test.each([
  [['plan', 'x.yaml', '--format', DUO_ENV.ISE_PASSWORD]],
  [['plan', 'x.yaml', '--shard', DUO_ENV.ISE_PASSWORD]],
])('an argument holding the ISE password is not echoed: %j', async (args) => {
  const r = await runCli(args, env, dir);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('(sensitive)');
  expectNoLeak(r.stdout + r.stderr);
});

// Audit B of 2026-12-02: an argument holding a Duo key was echoed, since the run learns the file's keys only
// once the file is loaded. Variables named as secrets (…SKEY, …PASSWORD, …TOKEN) seed the scrub at start.
test.each([
  [['plan', 'x.yaml', '--parallelism', DUO_ENV.DUO_ADMIN_SKEY]],
  [['plan', 'x.yaml', '--format', DUO_ENV.DUO_AUTH_SKEY]],
  [['plan', 'x.yaml', '--shard', B_ENV.B_AUTH_SKEY]],
  [['plan', `--${DUO_ENV.DUO_ADMIN_SKEY}`]],
  [[DUO_ENV.DUO_AUTH_SKEY]],
  [['plan', DUO_ENV.DUO_AUTH_SKEY]],
])('an argument holding a Duo sKey is not echoed: %j', async (args) => {
  sim.clearLog();
  const r = await runCli(['--log-level', 'debug', ...args], env, dir);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('(sensitive)');
  for (const key of [DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.DUO_AUTH_SKEY, B_ENV.B_AUTH_SKEY])
    expect(r.stdout + r.stderr).not.toContain(key);
  expectNoLeak(r.stdout + r.stderr);
  expect(sim.requestLog()).toEqual([]);
});
