/**
 * `validate --online` and plan's name check against the simulator: every AD join point and group name ISE
 * does not know, at the exact line:col of the name in the YAML, with a did-you-mean where a close name exists.
 */
import { plan } from '../../src/commands/plan';
import { validate } from '../../src/commands/validate';
import { closestName, editDistance } from '../../src/online/did-you-mean';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { loadSeed } from '../../src/sim/seed';
import { DEFAULT_SEED_FILE } from '../../src/sim/types';
import { DUO_ENV, runCli, runCommand, tempDir, writeFile } from '../helpers/harness';

const BAD_NAMES = `version: 1
ise: { username: "\${env:ISE_USERNAME}", password: "\${env:ISE_PASSWORD}" }
mfa: { enabled: true }
identitySyncs:
  - name: typo-join-point
    activeDirectories: [CORP-AD]
    adGroups: [{ source: CORP-AD, name: "corp.example.com/Users/VPN Users" }]
  - name: typo-groups
    activeDirectories: [CORP_AD]
    adGroups:
      - { source: CORP_AD, name: "corp.example.com/Users/VPN users" }
      - source: CORP_AD
        name: Finance Team
      - { source: CORP_AD, name: corp.example.com/Users/Network Admins }
`;

const EXPECTED = [
  'site.yaml:6:25: error: identity sync "typo-join-point": AD join point "CORP-AD" is not on ISE; did you mean "CORP_AD"? (ISE has: "CORP_AD", "LAB_AD")',
  'site.yaml:11:34: error: identity sync "typo-groups": AD group "corp.example.com/Users/VPN users" is not a group of join point "CORP_AD" on ISE; did you mean "corp.example.com/Users/VPN Users"?',
  'site.yaml:13:15: error: identity sync "typo-groups": AD group "Finance Team" is not a group of join point "CORP_AD" on ISE',
];

const GOOD = BAD_NAMES.replace('CORP-AD]', 'CORP_AD]')
  .replace('source: CORP-AD', 'source: CORP_AD')
  .replace('VPN users', 'VPN Users')
  .replace('Finance Team', 'corp.example.com/Users/Domain Admins');

describe('AD names checked against ISE', () => {
  let sim: RunningSimulator;
  let off: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const login = { port: 0, username: 'admin', password: DUO_ENV.ISE_PASSWORD };
    sim = await startSimulator({ ...login, mfaEnabled: true });
    // ERS off as well (ISE's default): with it on, the AD names are checked there (ers-names.test.ts).
    off = await startSimulator({
      ...login,
      seed: { ...loadSeed(DEFAULT_SEED_FILE).seed, ersEnabled: false },
    });
    dir = tempDir();
    env = { ...DUO_ENV, ISE_URL: sim.url };
    writeFile(dir, 'site.yaml', BAD_NAMES);
    writeFile(dir, 'good.yaml', GOOD);
  });
  afterAll(async () => {
    await sim.stop();
    await off.stop();
  });

  test('validate --online: one error per unknown name, at its line:col, with did-you-mean; exit 1', async () => {
    const r = await runCommand(
      (ctx) => validate({ files: ['site.yaml'], format: 'text', online: true }, ctx),
      env,
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => l.includes(': error: '))).toEqual(EXPECTED);
    expect(r.out).not.toMatch(/: valid \(/);
    expect(sim.requestLog().every((q) => q.method === 'GET')).toBe(true);
  });

  // Audit of the ERS check, finding 4: a name from the environment was placed at the quote and did not say
  // where it came from, unlike the loader's findings about values from the environment.
  test('a name from ${env:…}: placed at the reference, and the message says so', async () => {
    const fromEnv = BAD_NAMES.replace(
      'activeDirectories: [CORP-AD]',
      'activeDirectories: ["${env:JP}"]',
    ).replace('source: CORP-AD', 'source: "${env:JP}"');
    writeFile(dir, 'env.yaml', fromEnv);
    const r = await runCommand(
      (ctx) => validate({ files: ['env.yaml'], format: 'text', online: true }, ctx),
      { ...env, JP: 'CORP-AD' },
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'env.yaml:6:26: error: identity sync "typo-join-point": AD join point "CORP-AD" is not on ISE; did you mean "CORP_AD"? (ISE has: "CORP_AD", "LAB_AD") (the name comes from ${env:JP})',
    );
  });

  test('validate --online on correct names: valid, exit 0; without --online nothing is sent', async () => {
    const r = await runCommand(
      (ctx) => validate({ files: ['good.yaml'], format: 'text', online: true }, ctx),
      env,
      dir,
    );
    expect(r.out).toContain('good.yaml: valid (MFA on, 2 identity syncs, 0 Duo connections)');
    expect(r.code).toBe(0);
    sim.clearLog();
    const offline = await runCommand(
      (ctx) => validate({ files: ['site.yaml'], format: 'text' }, ctx),
      env,
      dir,
    );
    expect(offline.code).toBe(0);
    expect(sim.requestLog()).toEqual([]);
  });

  test('plan runs the same check before diffing: the same positioned errors, exit 1', async () => {
    const r = await runCommand((ctx) => plan({ file: 'site.yaml', format: 'text' }, ctx), env, dir);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toEqual(EXPECTED);
    expect(r.out).toBe('');
  });

  test('MFA off on ISE: validate --online warns that names were not checked; plan says nothing', async () => {
    const offEnv = { ...env, ISE_URL: off.url };
    const r = await runCommand(
      (ctx) => validate({ files: ['site.yaml'], format: 'text', online: true }, ctx),
      offEnv,
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `site.yaml: warning: --online: MFA is off on ${off.url}, so Duo's lookups list no AD join points, and ERS answered 403; AD names not checked (turn on ERS for an account with an ERS role to check them)`,
    );
    const p = await runCommand((ctx) => plan({ file: 'site.yaml', format: 'text' }, ctx), offEnv, dir);
    expect(p.code).toBe(0);
    expect(p.err).toBe('');
  });

  test('validate --online with no ISE to talk to: an error of that file', async () => {
    const { ISE_URL: _url, ...noUrl } = env;
    const r = await runCommand(
      (ctx) => validate({ files: ['good.yaml'], format: 'json', online: true }, ctx),
      noUrl,
      dir,
    );
    expect(r.code).toBe(1);
    const errors = (JSON.parse(r.out) as Array<{ severity: string }>).filter((i) => i.severity === 'error');
    expect(errors).toEqual([
      {
        file: 'good.yaml',
        line: 0,
        column: 0,
        pointer: '',
        message:
          '--online: no ISE to talk to (set ise.url in the file, ISE_URL in the environment, or --ise-url)',
        severity: 'error',
      },
    ]);
  });

  test('as a real process: validate --online --ise-url', async () => {
    const { ISE_URL: _url, ...noUrl } = env;
    const r = await runCli(['validate', '--online', '--ise-url', sim.url, 'site.yaml'], noUrl, dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.includes(': error: '))).toEqual(EXPECTED);
  });
});

describe('did you mean', () => {
  test('a case-insensitive match wins; otherwise the closest plausible name; nothing when far', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestName('corp_ad', ['LAB_AD', 'CORP_AD'])).toBe('CORP_AD');
    expect(closestName('CORP-AD', ['LAB_AD', 'CORP_AD'])).toBe('CORP_AD');
    expect(closestName('Finance Team', ['LAB_AD', 'CORP_AD'])).toBeUndefined();
    expect(closestName('AD', ['LAB_AD'])).toBeUndefined();
  });
});
