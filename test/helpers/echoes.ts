/**
 * The ways a server may quote back what it was sent (issue #15), as fast-check arbitraries shared by the
 * scrubber's property tests and the end-to-end canary: an encoding (raw, JSON once or twice, Java-style JSON,
 * URL, form, HTML, base64), then a cut (the server's own truncation: a prefix, a suffix or a middle piece),
 * then padding in front so the client's own cut at 300 characters falls anywhere.
 */
import fc from 'fast-check';

export const ENCODINGS: Record<string, (text: string) => string> = {
  raw: (t) => t,
  json: (t) => JSON.stringify(t),
  'json twice': (t) => JSON.stringify(JSON.stringify(t)),
  'java json': (t) =>
    JSON.stringify(t)
      .replace(/\//g, '\\/')
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  url: (t) => encodeURIComponent(t),
  form: (t) => encodeURIComponent(t).replace(/%20/g, '+'),
  'url lower-case': (t) => encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  html: (t) =>
    t
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;'),
  base64: (t) => Buffer.from(t, 'utf8').toString('base64'),
};

/** Encodings whose output is always a valid HTTP header value. */
export const HEADER_SAFE = ['url', 'form', 'url lower-case', 'base64'];

export interface Echo {
  encoding: string;
  cut: 'none' | 'prefix' | 'suffix' | 'middle';
  /** Where the cut falls, as fractions of the encoded text's length. */
  at: number;
  to: number;
  /** Characters of innocent filler before the echo. */
  padding: number;
}

export function echoArb(encodings: readonly string[] = Object.keys(ENCODINGS)): fc.Arbitrary<Echo> {
  return fc.record({
    encoding: fc.constantFrom(...encodings),
    cut: fc.constantFrom('none' as const, 'prefix' as const, 'suffix' as const, 'middle' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    to: fc.double({ min: 0, max: 1, noNaN: true }),
    // Often just short of the client's 300-character cut, so that the cut falls inside the echo.
    padding: fc.oneof(fc.nat({ max: 400 }), fc.integer({ min: 240, max: 300 })),
  });
}

const FILLER = 'the field value is not valid; ';

/** `text` as the server echoes it under `echo`. The filler shares no 8 characters with a random key. */
export function applyEcho(text: string, echo: Echo): string {
  const encoded = ENCODINGS[echo.encoding](text);
  const n = encoded.length;
  const a = Math.floor(Math.min(echo.at, echo.to) * n);
  const b = Math.ceil(Math.max(echo.at, echo.to) * n);
  const cut =
    echo.cut === 'prefix'
      ? `${encoded.slice(0, b)}...`
      : echo.cut === 'suffix'
        ? `...${encoded.slice(a)}`
        : echo.cut === 'middle'
          ? encoded.slice(a, b)
          : encoded;
  return FILLER.repeat(Math.ceil(echo.padding / FILLER.length)).slice(0, echo.padding) + cut;
}

/** A Duo secret key: 40 letters and digits. */
export const skeyArb = fc.stringMatching(/^[A-Za-z0-9]{40}$/);

/**
 * An ISE password: letters, digits and the characters encodings change (quotes, backslash, slash, &, %, +,
 * space, <, >, non-ASCII). No parentheses and no "sensitiv": the scrubber's marker is `(sensitive)`, and a
 * password made of its letters would "leak" through the marker itself.
 */
export const passwordArb = fc
  .array(fc.constantFrom(...'abcXYZ0189"\'\\/&%+ <>=?#:@!é€😀'), { minLength: 8, maxLength: 24 })
  .map((chars) => chars.join(''))
  .filter((p) => !/sensitiv|ensitive/.test(p));
