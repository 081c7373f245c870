/**
 * `drift --probe-credentials` against the simulator: ISE tests each connection's stored keys (testconnection
 * with an empty body, the only non-GET drift may send); rejected keys are reported in text, JSON and
 * markdown and make drift exit 2; accepted keys keep exit 0; without the flag nothing is probed.
 */
import { drift } from '../../src/commands/drift';
import { type RunningSimulator, type SimSeed, startSimulator } from '../../src/sim';
import { DUO_ENV, runCli, runCommand, tempDir, writeFile } from '../helpers/harness';

const GOOD = {
  ikey: 'DIGOODADMIN000000001',
  sKey: 'good-admin-secret-canary-0000000000000001',
  authIkey: 'DIGOODAUTH0000000001',
  authSkey: 'good-auth-secret-canary-00000000000000001',
};
const REVOKED_SKEY = 'revoked-admin-secret-canary-000000000001';
const CORP_AD = {
  name: 'CORP_AD',
  directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6',
  domain: 'corp.example.com',
};

const account = (adminSkey: string) => ({
  apiHostName: 'api-1a2b3c4d.duosecurity.com',
  adminApi: { ikey: GOOD.ikey, sKey: adminSkey },
  authenticationApi: { ikey: GOOD.authIkey, sKey: GOOD.authSkey },
});

const SEED: SimSeed = {
  activeDirectories: [
    { ...CORP_AD, groups: [{ name: 'corp.example.com/Users/VPN Users', sid: 'S-1-5-21-1' }] },
  ],
  mfaEnabled: true,
  rejectedKeys: [REVOKED_SKEY],
  identitySyncs: [
    {
      syncName: 'corp-ad',
      configurations: { activeDirectories: [CORP_AD] },
      adGroups: [{ name: 'corp.example.com/Users/VPN Users', source: 'CORP_AD' }],
    },
  ],
  duoConnections: [
    {
      connectionName: 'corp-duo',
      identitySync: 'corp-ad',
      type: 'VPN',
      accountConfigurations: account(GOOD.sKey),
    },
    {
      connectionName: 'revoked duo',
      identitySync: 'corp-ad',
      type: 'VPN',
      accountConfigurations: account(REVOKED_SKEY),
    },
  ],
};

function site(connections: string[]): string {
  const lines = [
    'version: 1',
    'ise: { username: "${env:ISE_USERNAME}", password: "${env:ISE_PASSWORD}" }',
    'mfa: { enabled: true }',
    'identitySyncs:',
    '  - { name: corp-ad, activeDirectories: [CORP_AD], adGroups: [{ source: CORP_AD, name: corp.example.com/Users/VPN Users }] }',
    'duoConnections:',
  ];
  for (const name of connections) {
    lines.push(
      `  - name: ${name}`,
      '    identitySync: corp-ad',
      '    types: [VPN]',
      '    apiHostName: api-1a2b3c4d.duosecurity.com',
      '    adminApi: { ikey: "${env:ADMIN_IKEY}", skey: "${env:ADMIN_SKEY}" }',
      '    authApi: { ikey: "${env:AUTH_IKEY}", skey: "${env:AUTH_SKEY}" }',
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('drift --probe-credentials', () => {
  let sim: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const nonGets = () =>
    sim
      .requestLog()
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path}`);
  const TEST = 'POST /api/v1/duo-mfa/mfa/testconnection/';

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, username: 'admin', password: DUO_ENV.ISE_PASSWORD, seed: SEED });
    dir = tempDir();
    env = {
      ...DUO_ENV,
      ISE_URL: sim.url,
      ADMIN_IKEY: GOOD.ikey,
      ADMIN_SKEY: GOOD.sKey,
      AUTH_IKEY: GOOD.authIkey,
      AUTH_SKEY: GOOD.authSkey,
    };
    writeFile(dir, 'ok.yaml', site(['corp-duo']));
    writeFile(dir, 'both.yaml', site(['corp-duo', 'revoked duo']));
    writeFile(dir, 'new.yaml', site(['corp-duo', 'not-on-ise']));
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.clearLog());

  test('accepted keys: reported OK, exit 0; the probe is the only non-GET', async () => {
    const r = await runCommand(
      (ctx) => drift({ file: 'ok.yaml', format: 'text', probeCredentials: true }, ctx),
      env,
      dir,
    );
    expect(r.out).toBe(
      `In sync: ${sim.url} matches ok.yaml.\n` +
        'Credential probes (ISE tested its stored keys):\n' +
        '  duo-connection "corp-duo": keys accepted by Duo (Successfully verified the Auth and Admin Keys of the Duo Host)\n' +
        // The seed's other connection is not in ok.yaml: not drift, but named.
        'Also on ISE, not managed by this file (left alone, so not drift): duo-connection "revoked duo".\n' +
        // Drift prints the plan's notes too: the probe is how such unmarked keys get checked at all.
        'Note: duo-connection "corp-duo": ISE does not return its sKeys and they carry no ise-duo fingerprint, so they cannot be compared with the file; they are written with the next change to this connection.\n',
    );
    expect(r.code).toBe(0);
    expect(nonGets()).toEqual([`${TEST}corp-duo`]);
  });

  test('rejected keys: JSON lists each probe, exit 2 even though the configuration is otherwise as on ISE', async () => {
    const r = await runCommand(
      (ctx) => drift({ file: 'both.yaml', format: 'json', probeCredentials: true }, ctx),
      env,
      dir,
    );
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out);
    expect(report.credentialProbes).toEqual([
      {
        name: 'corp-duo',
        ok: true,
        message: 'Successfully verified the Auth and Admin Keys of the Duo Host',
      },
      { name: 'revoked duo', ok: false, message: 'Failed to verify the Auth and Admin Keys of the Duo Host' },
    ]);
    expect(report.inSync).toBe(true);
    expect(nonGets().sort()).toEqual([`${TEST}corp-duo`, `${TEST}revoked%20duo`]);
  });

  test('a connection not on ISE yet is drift, and is not probed (ISE has no keys for it)', async () => {
    const r = await runCommand(
      (ctx) => drift({ file: 'new.yaml', format: 'json', probeCredentials: true }, ctx),
      env,
      dir,
    );
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out);
    expect(report.differences.map((d: { name: string }) => d.name)).toEqual(['not-on-ise']);
    expect(report.credentialProbes.map((p: { name: string }) => p.name)).toEqual(['corp-duo']);
    expect(nonGets()).toEqual([`${TEST}corp-duo`]);
  });

  test('markdown marks the rejected connection', async () => {
    const r = await runCommand(
      (ctx) => drift({ file: 'both.yaml', format: 'markdown', probeCredentials: true }, ctx),
      env,
      dir,
    );
    expect(r.out).toContain('#### Credential probes: 1 rejected');
    expect(r.out).toContain('- ❌ duo-connection "revoked duo": keys REJECTED by Duo');
  });

  test('without the flag: nothing probed, no credentialProbes field', async () => {
    const r = await runCommand((ctx) => drift({ file: 'ok.yaml', format: 'json' }, ctx), env, dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).not.toHaveProperty('credentialProbes');
    expect(nonGets()).toEqual([]);
  });

  test('as a real process: exit 2, the rejection on stdout, no key anywhere', async () => {
    const r = await runCli(['drift', 'both.yaml', '--probe-credentials'], env, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('  duo-connection "revoked duo": keys REJECTED by Duo');
    for (const secret of [GOOD.sKey, GOOD.authSkey, GOOD.ikey, REVOKED_SKEY, DUO_ENV.ISE_PASSWORD]) {
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
    const help = await runCli(['drift', '--help'], {}, dir);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('changes no configuration');
  });
});
