/**
 * Secrets a server quotes back in encodings JavaScript's own encoders do not produce (helper report of
 * 2026-12-04): Java's URLEncoder (`!'()~` and `-` encoded), HTML character references (hex, decimal,
 * named), every character percent-encoded, and mixes of encoded and plain characters. The check is the
 * leak test of issue #15 on the decoded output: no 8-character piece of the secret may be left.
 */
import { decodedView } from '../../../src/model/decoded-view';
import { createScrubber, SCRUBBED } from '../../../src/model/scrubber';
import { fragmentLeaks } from '../../helpers/fragments';

const PASSWORD = "Tr0ub4d!x(9)Q'z~K*p!Wq";
const CANARY = 'CANARY-SECRET-123456789';
const scrub = createScrubber([PASSWORD, CANARY]);

const every = (v: string, f: (c: string) => string) => [...v].map(f).join('');
const hex = (c: string) => c.charCodeAt(0).toString(16);
const javaUrlEncoded = (v: string) =>
  every(v, (c) => (/[A-Za-z0-9.*_]/.test(c) ? c : `%${hex(c).toUpperCase().padStart(2, '0')}`));

const FORMS: Record<string, (v: string) => string> = {
  "Java's URLEncoder": javaUrlEncoded,
  'every character percent-encoded': (v) => every(v, (c) => `%${hex(c).toUpperCase()}`),
  'every character percent-encoded, lower-case hex': (v) => every(v, (c) => `%${hex(c)}`),
  'HTML hex references for punctuation': (v) => every(v, (c) => (/\w/.test(c) ? c : `&#x${hex(c)};`)),
  'HTML decimal references for everything': (v) => every(v, (c) => `&#${c.charCodeAt(0)};`),
  'HTML named references': (v) =>
    v.replace(/!/g, '&excl;').replace(/\(/g, '&lpar;').replace(/\)/g, '&rpar;').replace(/'/g, '&apos;'),
  'every other character encoded': (v) =>
    every(v, (c) => c).replace(/./g, (c, i: number) => (i % 2 ? `%${hex(c).padStart(2, '0')}` : c)),
};

/** The output as a reader would see it once decoded: what must hold no piece of a secret. */
const decoded = (text: string) => decodedView(text)?.view ?? text;

describe.each(Object.entries(FORMS))('%s', (_name, encode) => {
  test.each([PASSWORD, CANARY])('a quoted secret is removed, the text around it kept', (secret) => {
    const text = `login rejected: j_username=admin&j_password=${encode(secret)} (see the log)`;
    const out = scrub(text);
    expect(fragmentLeaks('scrubbed', decoded(out), [secret])).toEqual([]);
    expect(out).toContain(SCRUBBED);
    expect(out.startsWith('login rejected: j_username=admin&j_password=')).toBe(true);
    expect(out.endsWith(' (see the log)')).toBe(true);
  });

  test('a cut that keeps only part of the secret leaves no piece of 8', () => {
    const out = scrub(`password=${encode(PASSWORD).slice(0, -4)}`);
    expect(fragmentLeaks('scrubbed', decoded(out), [PASSWORD])).toEqual([]);
  });
});

test('text with escapes but no secret is left exactly as it was', () => {
  const text = 'GET /a%20b?x=1&amp;y=2 &#x21; 100% &unknown; &#99999999;';
  expect(scrub(text)).toBe(text);
});

test('the decoded view maps each character back to where it came from', () => {
  const view = decodedView('a%21&#x28;b&lpar;&#128512;c');
  expect(view?.view).toBe('a!(b(\u{1F600}c');
  expect(view?.from).toEqual([0, 1, 4, 10, 11, 17, 17, 26, 27]);
});
