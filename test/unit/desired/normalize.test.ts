/** What the loader hands the planner: the normalized `DesiredState`, secrets boxed, defaults filled in. */
import { join } from 'node:path';
import { loadDesiredState, parseDesiredState } from '../../../src/desired/load';
import { ikeyFingerprint, Secret, secretRef, sKeysFingerprint } from '../../../src/model/secret';
import type { DesiredState } from '../../../src/model/state';
import { TEST_ENV, VALID_DIR } from './helpers';

async function load(name: string, env: NodeJS.ProcessEnv = TEST_ENV): Promise<DesiredState> {
  const result = await loadDesiredState(join(VALID_DIR, name), env);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.desired;
}

describe('normalization', () => {
  it('sorts sets, lower-cases the Duo host, fills defaults and converts units', async () => {
    const desired = await load('needs-normalizing.yaml');
    expect(desired.target).toEqual({
      caFile: join(VALID_DIR, 'certs/ca.pem'),
      insecure: true,
      requestTimeoutMs: 45000,
      connectTimeoutMs: 3000,
    });
    expect(desired.identitySyncs.map((s) => s.name)).toEqual(['alpha', 'zeta']);
    const zeta = desired.identitySyncs[1]!;
    expect(zeta.activeDirectories).toEqual([{ name: 'CORP_AD' }, { name: 'LAB_AD' }]);
    expect(zeta.adGroups).toEqual([
      { source: 'CORP_AD', name: 'corp.example.com/Users/Network Admins' },
      { source: 'CORP_AD', name: 'corp.example.com/Users/VPN Users' },
      { source: 'LAB_AD', name: 'lab.example.com/Users/Lab Admins' },
    ]);
    expect(zeta.schedule).toEqual({ every: 2, unit: 'weeks', start: '2027-01-04T23:30:00' });
    expect(desired.identitySyncs[0]!.schedule).toBeNull();
    expect(desired.runSync).toEqual({ alpha: 'onChange', zeta: 'always' });
    expect(desired.duoConnections.map((c) => [c.name, c.types, c.apiHostName, c.description])).toEqual([
      ['alpha-duo', ['TACACS'], 'api-1a2b3c4d.duosecurity.com', ''],
      ['zeta-duo', ['TACACS', 'VPN'], 'api-5e6f7a8b.duofederal.com', ''],
    ]);
    expect(desired.prune).toBe(false);
    expect(desired.mfa).toEqual({ enabled: true });
  });

  it('stores the four keys of each connection as Secrets and fingerprints them', async () => {
    const desired = await load('needs-normalizing.yaml');
    const connection = desired.duoConnections.find((c) => c.name === 'zeta-duo')!;
    const value = (field: 'adminApi.ikey' | 'adminApi.skey' | 'authApi.ikey' | 'authApi.skey') => {
      const secret = desired.secrets.get(secretRef('zeta-duo', field));
      expect(secret).toBeInstanceOf(Secret);
      return secret!.reveal();
    };
    expect(value('adminApi.ikey')).toBe('DIADMINIKEYLITERAL01');
    expect(value('authApi.ikey')).toBe('DIAUTHIKEYLITERAL001');
    expect(value('adminApi.skey')).toBe(TEST_ENV.DUO_ADMIN_SKEY);
    expect(value('authApi.skey')).toBe(TEST_ENV.DUO_AUTH_SKEY);
    expect(connection.adminIkeyFingerprint).toBe(
      ikeyFingerprint('zeta-duo', 'adminApi.ikey', 'DIADMINIKEYLITERAL01'),
    );
    expect(connection.authIkeyFingerprint).toBe(
      ikeyFingerprint('zeta-duo', 'authApi.ikey', 'DIAUTHIKEYLITERAL001'),
    );
    expect(connection.secretKeysFingerprint).toBe(
      sKeysFingerprint('zeta-duo', TEST_ENV.DUO_ADMIN_SKEY!, TEST_ENV.DUO_AUTH_SKEY!),
    );
    expect(desired.secrets.refs()).toHaveLength(8);
  });

  it('resolves references inside strings and in every string field', async () => {
    const desired = await load('env-inside-strings.yaml');
    expect(desired.target.url).toBe('https://ise-pan.corp.example.com:9443');
    expect(desired.target.username).toBe('admin');
    expect(desired.target.password?.reveal()).toBe(TEST_ENV.ISE_PASSWORD);
    expect(desired.identitySyncs[0]!.name).toBe('berlin-ad');
    expect(desired.identitySyncs[0]!.adGroups[0]!.name).toBe('corp.example.com/Users/berlin VPN Users');
    expect(desired.duoConnections[0]!.description).toBe('Duo for the berlin site');
    expect(desired.runSync).toEqual({ 'berlin-ad': 'never' });
  });

  it('gives deep-equal states for equivalent files written differently', () => {
    const a = parseDesiredState(
      'version: 1\nmfa: {enabled: true}\nidentitySyncs: [{name: s, activeDirectories: [B, A], adGroups: [{source: B, name: y}, {source: A, name: x}]}]\n',
      '/x/a.yaml',
      {},
    );
    const b = parseDesiredState(
      'version: 1\nmfa:\n  enabled: true\nidentitySyncs:\n  - name: s\n    activeDirectories: [A, B]\n    adGroups:\n      - {source: A, name: x}\n      - {source: B, name: y}\n    runSync: onChange\nduoConnections: []\nprune: false\n',
      '/x/a.yaml',
      {},
    );
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(JSON.stringify(a.desired)).toBe(JSON.stringify(b.desired));
  });

  it('leaves unset target keys out, so `--ise-url` and ISE_* can fill them', () => {
    const result = parseDesiredState('version: 1\nmfa: {enabled: false}\n', 'f.yaml', {});
    expect(result.ok && result.desired.target).toEqual({});
  });
});

describe('references in fields that are not free text', () => {
  const withEnv = (env: NodeJS.ProcessEnv, line: string) =>
    parseDesiredState(
      `version: 1\nmfa: {enabled: true}\nidentitySyncs:\n  - name: s\n    activeDirectories: [A]\n    adGroups: [{source: A, name: g}]\n${line}\n`,
      'f.yaml',
      env,
    );

  it('judges an enumerated value by what the variable holds', () => {
    expect(withEnv({ POLICY: 'always' }, `    runSync: \${env:POLICY}`).ok).toBe(true);
    const bad = withEnv({ POLICY: 'sometimes' }, `    runSync: \${env:POLICY}`);
    expect(
      bad.ok
        ? []
        : bad.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.column, i.message]),
    ).toEqual([
      [
        7,
        14,
        '"runSync" value "sometimes" is not allowed; use one of: onChange, always, never (the value comes from ${env:POLICY})',
      ],
    ]);
  });

  it('reads a variable as text, so a number from the environment is reported as text', () => {
    const result = withEnv(
      { N: '5' },
      `    schedule:\n      every: \${env:N}\n      unit: days\n      start: "2026-12-01T02:00:00"`,
    );
    expect(
      result.ok ? [] : result.issues.filter((i) => i.severity === 'error').map((i) => i.message),
    ).toEqual(['"every" must be a whole number, not the text "5" (the value comes from ${env:N})']);
  });
});
