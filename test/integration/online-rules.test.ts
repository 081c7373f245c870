/**
 * The policy sets and library conditions that MFA rules name, checked against the simulator's seed by
 * `validate --online` and by `plan`: a bad name of either kind, in either service, is an error at its
 * line:col with a did-you-mean, before anything is written; good names cost one policy-set list per service
 * used and one by-name lookup per condition named, and no more.
 */
import { plan } from '../../src/commands/plan';
import { validate } from '../../src/commands/validate';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { loadSeed } from '../../src/sim/seed';
import type { SimRequest } from '../../src/sim/types';
import { DEFAULT_SEED_FILE } from '../../src/sim/types';
import { DUO_ENV, runCli, runCommand, tempDir, writeFile } from '../helpers/harness';

const HEAD = `version: 1
ise: { username: "\${env:ISE_USERNAME}", password: "\${env:ISE_PASSWORD}" }
mfa: { enabled: true }
identitySyncs:
  - name: corp-ad
    activeDirectories: [CORP_AD]
    adGroups: [{ source: CORP_AD, name: "corp.example.com/Users/VPN Users" }]
duoConnections:
  - name: corp-duo
    identitySync: corp-ad
    types: [VPN, TACACS]
    apiHostName: api-1a2b3c4d.duosecurity.com
    adminApi: { ikey: "\${env:DUO_ADMIN_IKEY}", skey: "\${env:DUO_ADMIN_SKEY}" }
    authApi: { ikey: "\${env:DUO_AUTH_IKEY}", skey: "\${env:DUO_AUTH_SKEY}" }
`;

const BAD = `${HEAD}mfaPolicies:
  - service: deviceAdmin
    policySet: routers
    rules:
      - name: Admins use Duo
        connection: corp-duo
        condition:
          and:
            - { library: Network-Admin }
            - { dictionary: DEVICE, attribute: Device Type, operator: equals, value: "All Device Types#Router" }
  - service: networkAccess
    policySet: VPN Userz
    rules:
      - name: VPN users use Duo
        connection: corp-duo
        condition:
          or:
            - { library: Business-Hours }
            - not: { library: Corp-VPN-Headend }
            - { library: Quarantine }
`;

const EXPECTED = [
  'site.yaml:17:16: error: Device Admin policy set "routers" is not on ISE; did you mean "Routers"? (ISE has: "Routers", "Switches", "Default"); ise-duo does not create policy sets: create it in ISE, or name one it has',
  'site.yaml:23:26: error: MFA rule "Admins use Duo": "Network-Admin" is not a Device Admin library condition on ISE; did you mean "Network-Admins"?',
  'site.yaml:26:16: error: Network Access policy set "VPN Userz" is not on ISE; did you mean "VPN Users"? (ISE has: "VPN Users", "Default"); ise-duo does not create policy sets: create it in ISE, or name one it has',
  'site.yaml:33:31: error: MFA rule "VPN users use Duo": "Corp-VPN-Headend" is not a Network Access library condition on ISE; did you mean "Corp-VPN-Headends"?',
  'site.yaml:34:26: error: MFA rule "VPN users use Duo": "Quarantine" is not a Network Access library condition on ISE (ISE has: "Network_Access_Authentication_Passed", "Corp-VPN-Headends", "Business-Hours")',
];

const GOOD = BAD.replace('routers', 'Routers')
  .replace('Network-Admin }', 'Network-Admins }')
  .replace('VPN Userz', 'VPN Users')
  .replace('Corp-VPN-Headend }', 'Corp-VPN-Headends }')
  .replace('Quarantine', 'Business-Hours');

const isPolicyRead = (q: SimRequest) => q.path.startsWith('/api/v1/policy/');
const policyPaths = (log: SimRequest[]) => log.filter(isPolicyRead).map((q) => `${q.method} ${q.path}`);

describe('MFA-rule names checked against ISE', () => {
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
    writeFile(dir, 'site.yaml', BAD);
    writeFile(dir, 'good.yaml', GOOD);
  });
  afterAll(async () => {
    await sim.stop();
    await off.stop();
  });
  beforeEach(() => sim.clearLog());

  test('validate --online: bad policy sets and library conditions of both services at their line:col; exit 1, GETs only', async () => {
    const r = await runCommand(
      (ctx) => validate({ files: ['site.yaml'], format: 'text', online: true }, ctx),
      env,
      dir,
    );
    expect(r.out.split('\n').filter((l) => l.includes(': error: '))).toEqual(EXPECTED);
    expect(r.code).toBe(1);
    expect(sim.requestLog().every((q) => q.method === 'GET')).toBe(true);
    // The library list of a service only because a name of that service is unknown.
    expect(policyPaths(sim.requestLog()).filter((p) => p.endsWith('/condition'))).toEqual([
      'GET /api/v1/policy/device-admin/condition',
      'GET /api/v1/policy/network-access/condition',
    ]);
  });

  test('validate --online on good names: valid; one policy-set list per service, one lookup per name', async () => {
    const r = await runCommand(
      (ctx) => validate({ files: ['good.yaml'], format: 'text', online: true }, ctx),
      env,
      dir,
    );
    expect(r.out).toBe(
      'good.yaml: valid (MFA on, 1 identity sync, 1 Duo connection, 2 MFA rules in 2 policy sets)\n',
    );
    expect(r.code).toBe(0);
    expect(policyPaths(sim.requestLog()).sort()).toEqual([
      'GET /api/v1/policy/device-admin/condition/condition-by-name/Network-Admins',
      'GET /api/v1/policy/device-admin/policy-set',
      'GET /api/v1/policy/network-access/condition/condition-by-name/Business-Hours',
      'GET /api/v1/policy/network-access/condition/condition-by-name/Corp-VPN-Headends',
      'GET /api/v1/policy/network-access/policy-set',
    ]);
  });

  test('plan refuses the same bad names before planning, with the same positioned errors; nothing written', async () => {
    const r = await runCommand((ctx) => plan({ file: 'site.yaml', format: 'text' }, ctx), env, dir);
    expect(r.err.trimEnd().split('\n')).toEqual(EXPECTED);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(sim.requestLog().every((q) => q.method === 'GET')).toBe(true);
  });

  test('plan on good names reads each policy set list and condition once, whoever needs it', async () => {
    const r = await runCommand((ctx) => plan({ file: 'good.yaml', format: 'text' }, ctx), env, dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const reads = policyPaths(sim.requestLog());
    const setLists = reads.filter((p) => p.endsWith('/policy-set'));
    const lookups = reads.filter((p) => p.includes('/condition-by-name/'));
    expect(setLists.sort()).toEqual([
      'GET /api/v1/policy/device-admin/policy-set',
      'GET /api/v1/policy/network-access/policy-set',
    ]);
    expect(lookups).toHaveLength(3);
    expect(reads.filter((p) => p.endsWith('/condition'))).toEqual([]);
  });

  test('with MFA off on ISE the rule names are still checked (policy endpoints answer); AD names are not', async () => {
    const offEnv = { ...env, ISE_URL: off.url };
    const r = await runCommand(
      (ctx) => validate({ files: ['site.yaml'], format: 'text', online: true }, ctx),
      offEnv,
      dir,
    );
    expect(r.out).toContain(
      `site.yaml: warning: --online: MFA is off on ${off.url}, so Duo's lookups list no AD join points, and ERS answered 403; AD names not checked (turn on ERS for an account with an ERS role to check them)`,
    );
    expect(r.out.split('\n').filter((l) => l.includes(': error: '))).toEqual(EXPECTED);
    expect(r.code).toBe(1);
  });

  test('as a real process: validate --online --ise-url', async () => {
    const { ISE_URL: _url, ...noUrl } = env;
    const r = await runCli(['validate', '--online', '--ise-url', sim.url, 'site.yaml'], noUrl, dir);
    expect(r.stdout.split('\n').filter((l) => l.includes(': error: '))).toEqual(EXPECTED);
    expect(r.code).toBe(1);
  });
});
