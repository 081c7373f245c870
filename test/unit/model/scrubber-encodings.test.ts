/**
 * Audit finding 5: a server that base64- or hex-encodes a longer text holding a secret (an echoed body, a
 * headers dump) puts the secret's encoding at any offset. The check is independent of the scrubber: it
 * decodes every run of base64 or hex characters of the scrubbed text at every alignment and looks for an
 * 8-character fragment of the secret in what comes out.
 */
import { createScrubber, SCRUBBED } from '../../../src/model/scrubber';
import { fragmentLeaks } from '../../helpers/fragments';

const SKEY = 'CANARYSKEY1234567890abcdefABCDEF0123456789';
const PASSWORD = 'CANARYPW-xyz';
const USERNAME = 'admin';
const BASIC = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
const SECRETS = [SKEY, PASSWORD, BASIC];

/** Every text that a base64 (or base64url) or hex run of `text` decodes to, at each of its alignments. */
function decodings(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    for (let start = 0; start < 4; start++) {
      const piece = run.slice(start);
      const whole = piece.slice(0, piece.length - (piece.length % 4));
      out.push(Buffer.from(whole.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
    }
  }
  for (const run of text.match(/[0-9a-fA-F]{8,}/g) ?? []) {
    for (let start = 0; start < 2; start++) {
      const piece = run.slice(start);
      out.push(Buffer.from(piece.slice(0, piece.length - (piece.length % 2)), 'hex').toString('latin1'));
    }
  }
  return out;
}

function leaks(text: string, secrets: readonly string[]): string[] {
  return decodings(text).flatMap((decoded) => fragmentLeaks('decoded', decoded, secrets));
}

/** A JSON body of a connection create, with `prefix` characters before the secret (moving its offset). */
const body = (prefix: string, secret: string) =>
  JSON.stringify({ mfa: { connectionName: `corp-duo${prefix}`, adminApi: { sKey: secret } }, more: 'text' });

describe('base64 of a longer text, at each of the three offsets', () => {
  const scrub = createScrubber(SECRETS);

  test.each([
    ['base64', 0],
    ['base64', 1],
    ['base64', 2],
    ['base64url', 0],
    ['base64url', 1],
    ['base64url', 2],
  ] as const)('%s, the secret %i bytes into a group', (encoding, shift) => {
    for (const pad of ['', 'x', 'xx', 'xxx']) {
      const plain = body(pad, SKEY);
      const offset = plain.indexOf(SKEY) % 3;
      if (offset !== shift) continue;
      const encoded = Buffer.from(plain).toString(encoding);
      // The check finds the key in the unscrubbed text, so a pass below means the scrubber removed it.
      expect(leaks(encoded, [SKEY]).length).toBeGreaterThan(0);
      const scrubbed = scrub(`ISE: ${encoded} (400)`);
      expect(leaks(scrubbed, [SKEY])).toEqual([]);
      expect(scrubbed).toContain(SCRUBBED);
      expect(scrubbed).toMatch(/^ISE: .* \(400\)$/);
      return;
    }
    throw new Error(`no padding put the secret at offset ${shift}`);
  });
});

test('hex of a longer text, lower- and upper-case', () => {
  const scrub = createScrubber(SECRETS);
  const hex = Buffer.from(body('', SKEY)).toString('hex');
  for (const encoded of [hex, hex.toUpperCase()]) {
    expect(leaks(encoded, [SKEY]).length).toBeGreaterThan(0);
    expect(leaks(scrub(encoded), [SKEY])).toEqual([]);
  }
});

test('the Basic credentials: base64 of a headers dump holding the Authorization header', () => {
  // The audit's case: a 401 whose body is the base64 of the request headers, so the password is two
  // decodes away (the dump, then the header's own base64).
  const scrub = createScrubber(SECRETS);
  for (const prefix of ['', 'x', 'xx']) {
    const dump = JSON.stringify({ host: 'ise', [`authorization${prefix}`]: `Basic ${BASIC}`, accept: '*/*' });
    const encoded = Buffer.from(dump).toString('base64');
    expect(
      decodings(encoded)
        .flatMap(decodings)
        .some((d) => d.includes(PASSWORD)),
    ).toBe(true);
    const scrubbed = scrub(encoded);
    const once = decodings(scrubbed);
    expect(
      [...once, ...once.flatMap(decodings)].flatMap((d) => fragmentLeaks('decoded', d, SECRETS)),
    ).toEqual([]);
  }
});

test('ordinary text is kept', () => {
  const scrub = createScrubber(SECRETS);
  const texts = [
    'Invalid request: the connection "corp-duo" already exists (code 400)',
    'request 3f2a9c41-5b7e-4d0a-9c3e-1f2e3d4c5b6a failed at 2026-01-02T03:04:05Z',
    Buffer.from('{"connectionName":"corp-duo","description":"Duo for VPN"}').toString('base64'),
    Buffer.from('{"connectionName":"corp-duo","description":"Duo for VPN"}').toString('hex'),
    'deadbeefcafebabe7766554433221100',
  ];
  for (const text of texts) expect(scrub(text)).toBe(text);
});

test('a short secret gives no short unaligned base64 pieces to blank out', () => {
  // The stable pieces of the base64 of "test" 1 and 2 bytes into a group are "Rlc3" and "0ZXN0": too short
  // to tell a secret's trace from chance, so ordinary text holding them is kept.
  const scrub = createScrubber(['test']);
  expect(scrub('ids Rlc3, 0ZXN0')).toBe('ids Rlc3, 0ZXN0');
});
