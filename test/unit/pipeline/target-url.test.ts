/**
 * The refusals of an ISE URL never quote a password, however the URL spells its credentials (audit of
 * 2026-12-02: `http:/user:pass@host`, a password holding `@`, a bare `user:pass@host` were printed).
 */
import { UsageError } from '../../../src/errors';
import { urlForMessage } from '../../../src/model/ise-url';
import { Secret } from '../../../src/model/secret';
import { parseIseUrl, resolveTarget } from '../../../src/pipeline/target';

const PASSWORD = 'CANARYPW-xyz-0123';

function refusal(raw: string): UsageError {
  try {
    resolveTarget({ username: 'admin', password: new Secret(PASSWORD) }, { ISE_URL: raw });
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error(`${raw} was accepted`);
}

describe('ISE URL refusals', () => {
  test.each([
    `http:/admin:${PASSWORD}@ise.example.com`,
    `http:\\\\admin:${PASSWORD}@ise.example.com`,
    `http:admin:${PASSWORD}@ise.example.com`,
    `admin:${PASSWORD}@ise.example.com`,
    `https://admin:Canary@${PASSWORD}@ise.example.com`,
    `http://admin:Canary/${PASSWORD}@ise.example.com`,
    `https://ise.example.com/${PASSWORD}`,
    `https://ise.example.com/?token=${PASSWORD}`,
    PASSWORD,
  ])('%s is refused without the password in the message', (raw) => {
    const err = refusal(raw);
    expect(`${err.message} ${err.hint ?? ''}`).not.toContain('CANARYPW');
    // It holds the password: refused as such, before it is parsed (and quoted).
    expect(err.message).toBe(
      'ISE_URL holds the value of a secret (an ISE or Duo credential); it was not used',
    );
  });

  test('a path is refused by naming the origin, which is all a fix needs', () => {
    expect(() => parseIseUrl('https://ise.example.com/admin', 'ISE_URL')).toThrow(
      'ISE_URL "https://ise.example.com/…" must be the ISE host only, without a path, query or fragment',
    );
  });

  test('urlForMessage hides everything between the scheme and the last @, and nothing in a URL without one', () => {
    expect(urlForMessage('https://a:b@c@ise:443')).toBe('https://(credentials hidden)@ise:443');
    expect(urlForMessage('http:\\\\a:b@ise')).toBe('http:\\\\(credentials hidden)@ise');
    expect(urlForMessage('a:b@ise')).toBe('(credentials hidden)@ise');
    expect(urlForMessage('https://ise.example.com:9060')).toBe('https://ise.example.com:9060');
  });
});

describe('plain http (audit B of 2026-12-02: any http:// host was used, the Basic header and keys in clear)', () => {
  test.each([
    'http://ise.corp.example.com',
    'http://10.1.2.3:9060',
    'HTTP://ise.corp.example.com.',
    'http://[::ffff:10.1.2.3]',
    'http://128.0.0.1',
  ])('%s is refused before any request, naming https', (raw) => {
    const err = refusal(raw);
    expect(err.message).toMatch(/is plain http to a host that is not this machine/);
    expect(err.hint).toMatch(/use https:\/\//);
  });

  test.each([
    'http://127.0.0.1:8080',
    'http://localhost:9',
    'http://[::1]:9',
    // The IPv4-mapped spelling of 127.0.0.1 and a trailing dot still reach this machine only.
    'http://[::ffff:7f00:1]',
    'http://localhost.:9',
    'https://ise.corp.example.com',
  ])('%s is used', (raw) => {
    expect(parseIseUrl(raw, 'ISE_URL')).toBe(new URL(raw).origin);
  });

  test('a file naming one is refused at its line and column by validate', () => {
    const { parseDesiredState } =
      require('../../../src/desired/load') as typeof import('../../../src/desired/load');
    const result = parseDesiredState(
      'version: 1\nise:\n  url: http://ise.corp.example.com\nmfa: { enabled: true }\n',
      'f.yaml',
      {},
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ line: 3, column: 8, message: expect.stringMatching(/"url" is plain http/) }),
    ]);
  });
});
