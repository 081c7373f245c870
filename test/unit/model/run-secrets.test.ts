/**
 * The run's last scrub (src/model/run-secrets.ts): every secret the run learnt, removed whole in each
 * encoding and ignoring case, from ise-duo's own messages, without blanking the words a secret shares.
 */
import { RunSecrets } from '../../../src/model/run-secrets';

const KEY = 'rejectedKeyCanary0000000000000000000000001';

test('a secret is removed whole, in any case and in its encodings', () => {
  const s = new RunSecrets([KEY]);
  expect(s.scrub(`--ise-url "${KEY}" is not a URL`)).toBe('--ise-url "(sensitive)" is not a URL');
  expect(s.scrub(`host ${KEY.toLowerCase()}.corp`)).toBe('host (sensitive).corp');
  expect(s.scrub(`b64 ${Buffer.from(KEY).toString('base64')}`)).toBe('b64 (sensitive)');
  expect(s.scrub(`url ${encodeURIComponent(`${KEY}/x`)}`)).not.toContain(KEY);
});

test("ise-duo's own words stay, though a secret shares them", () => {
  const s = new RunSecrets([KEY, 'Password123!']);
  expect(s.scrub('Duo rejected the new keys; set the ISE password')).toBe(
    'Duo rejected the new keys; set the ISE password',
  );
});

test('a short password is removed where it stands whole; under 4 characters nothing is', () => {
  expect(new RunSecrets(['Zq9x']).scrub('argument Zq9x is invalid')).toBe('argument (sensitive) is invalid');
  expect(new RunSecrets(['ab']).scrub('a tab')).toBe('a tab');
});

test('values learnt later count; nothing known changes nothing', () => {
  const s = new RunSecrets([undefined, '']);
  expect(s.empty).toBe(true);
  expect(s.scrub(`x ${KEY}`)).toBe(`x ${KEY}`);
  s.add([KEY]);
  expect(s.scrub(`x ${KEY}`)).toBe('x (sensitive)');
});

test('scrubDeep scrubs every string of plain data and keeps its shape', () => {
  const s = new RunSecrets([KEY]);
  const data = { a: [{ b: { c: `v ${KEY}` } }], n: 3, t: true, z: null };
  expect(s.scrubDeep(data)).toEqual({ a: [{ b: { c: 'v (sensitive)' } }], n: 3, t: true, z: null });
  expect(data.a[0]!.b.c).toContain(KEY); // a copy, not the original edited
});

test('it serialises and inspects without its values', () => {
  const s = new RunSecrets([KEY]);
  expect(JSON.stringify({ s })).not.toContain(KEY);
  expect(require('node:util').inspect(s)).toBe('RunSecrets(1)');
});

describe('secretsOfEnvironment', () => {
  it('takes the values of variables named as secrets (8 characters or more but for ISE_PASSWORD), and no others', () => {
    const { secretsOfEnvironment } =
      require('../../../src/model/run-secrets') as typeof import('../../../src/model/run-secrets');
    expect(
      secretsOfEnvironment({
        ISE_PASSWORD: 'pw',
        DUO_ADMIN_SKEY: 'key-one-1',
        LAB_DUO_AUTH_SKEY: 'key-two-2',
        CORP_SKEY: 'key-three',
        GITHUB_TOKEN: 'ghp_token',
        VAULT_SECRET_ID: 'secret-id',
        DB_PASSWD: 'password2',
        USE_SECRET: 'true',
        DUO_ADMIN_IKEY: 'not a secret',
        ISE_USERNAME: 'admin',
        PATH: '/usr/bin',
        TOKENIZER_THREADS: '2',
        EMPTY_SKEY: '',
      }),
    ).toEqual(['pw', 'key-one-1', 'key-two-2', 'key-three', 'ghp_token', 'secret-id', 'password2']);
  });
});
