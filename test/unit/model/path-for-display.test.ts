/**
 * A request path in a log line or an error message: object names that hold a secret are hidden, known or
 * only key-shaped, and ISE's IDs and ordinary names are shown as sent.
 */
import { pathForDisplay } from '../../../src/model/path-for-display';
import { createScrubber } from '../../../src/model/scrubber';

const KEY = 'CorpOldlSXpfKtHFvUCsMehGAkWvjFAcQeWJKYuv';
const none = createScrubber([]);

test('ordinary names and UUIDs are shown as sent, escapes included', () => {
  for (const path of [
    '/api/v1/duo-mfa/mfa/corp-duo',
    '/api/v1/duo-identitysync/identitysync/corp%20ad',
    '/api/v1/policy/network-access/policy-set/0b7a1c0e-1f2a-4c3d-9e8f-0123456789ab/mfa/41b8b2c0-7e3f-4a6d-8b1c-fedcba987654',
  ]) {
    expect(pathForDisplay(path, none)).toBe(path);
  }
});

test('a name shaped like a Duo secret key is hidden, even when nothing says it is one', () => {
  expect(pathForDisplay(`/api/v1/duo-mfa/mfa/${KEY}`, none)).toBe('/api/v1/duo-mfa/mfa/(sensitive)');
  expect(pathForDisplay(`/api/v1/duo-mfa/mfa/copy%20of%20${KEY}`, none)).toBe(
    '/api/v1/duo-mfa/mfa/copy%20of%20(sensitive)',
  );
  // Escaped characters of the key do not split it into short words.
  const escaped = encodeURIComponent(`${KEY.slice(0, 20)}+/=${KEY.slice(20)}`);
  expect(pathForDisplay(`/api/v1/duo-mfa/mfa/${escaped}`, none)).toBe('/api/v1/duo-mfa/mfa/(sensitive)');
});

test('a known secret shorter than a key is scrubbed from a name', () => {
  const scrub = createScrubber(['Pw-held-ujz']);
  expect(pathForDisplay('/api/v1/duo-mfa/mfa/duo%20Pw-held-ujz', scrub)).toBe(
    '/api/v1/duo-mfa/mfa/duo%20(sensitive)',
  );
});

test('a malformed escape is shown as sent, unless it holds a secret', () => {
  expect(pathForDisplay('/api/v1/duo-mfa/mfa/bad%ZZ', none)).toBe('/api/v1/duo-mfa/mfa/bad%ZZ');
  expect(pathForDisplay(`/api/v1/duo-mfa/mfa/%ZZ${KEY}`, none)).toBe('/api/v1/duo-mfa/mfa/(sensitive)');
});
