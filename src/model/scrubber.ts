/**
 * Removing secrets from text that came from elsewhere (a server's error body or header, Node's error text),
 * before it becomes a message, a log line or a report (issue #15).
 *
 * Matching whole values is not enough: a server cuts its own messages, the client cuts long ones, and a
 * value may come back JSON-escaped, URL-encoded, HTML-escaped, hex- or base64-encoded (base64 of a longer
 * text, such as an echoed body or headers dump, at any offset). So every secret is taken in each of those
 * encodings, and every window of FRAGMENT characters of each encoding is a key in one set; the
 * text is scanned once, and every run of characters covered by a matching window is replaced by one marker.
 * Any piece of FRAGMENT or more characters of an encoding is a union of its windows, so none survives,
 * wherever a cut fell. Windows match regardless of ASCII case: servers and proxies lower-case header values
 * (ise-duo's own transport does so to Content-Type), and a lower-cased key is still most of a key. Values
 * shorter than FRAGMENT can only be matched whole.
 *
 * Encoders that differ from those, or encode one character at a time (Java's `URLEncoder`, HTML character
 * references, every character percent-encoded, mixed with plain ones), are met by matching in the text's
 * decoded view as well (`decoded-view.ts`).
 *
 * The cost is one rolling-hash step and one set lookup per character of text (twice for text holding `%`
 * or `&`); building the sets is per-secret work, done once per scrubber.
 */

import { decodedView } from './decoded-view';

export const SCRUBBED = '(sensitive)';
/** The shortest fragment of a secret that is removed wherever it appears. */
export const FRAGMENT = 8;
/** Shorter values than this are not scrubbed at all: they would blank out ordinary words. */
const SHORTEST_WHOLE = 4;

export type Scrub = (text: string) => string;

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Java's encoders (Jackson's with escaping on, many servlet containers) also escape `/` and non-ASCII. */
function javaJsonEscaped(value: string): string {
  return jsonEscaped(value)
    .replace(/\//g, '\\/')
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function htmlEscaped(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function safeUri(encode: (v: string) => string, value: string): string | undefined {
  try {
    return encode(value);
  } catch {
    return undefined; // a lone surrogate cannot be URL-encoded, so it cannot come back that way either
  }
}

/**
 * The characters of a value's base64 that are the same in the base64 of any longer text holding it at
 * `offset` (1 or 2) bytes into a 3-byte group: such a text encodes the value as other characters than the
 * value alone does. The first characters, which also hold bits of the bytes before, and the last one when
 * the value ends inside a group, which holds bits of the byte after, are dropped. (At offset 0 the stable
 * part is a prefix of the value's own base64, whose windows are taken already.)
 */
function base64Unaligned(bytes: Buffer, offset: 1 | 2, encoding: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString(encoding)
    .replace(/=+$/, '');
  const tail = (offset + bytes.length) % 3 === 0 ? 0 : 1;
  return encoded.slice(offset + 1, encoded.length - tail);
}

/** The forms in which a server may quote a value back. */
export function encodedForms(value: string): string[] {
  const uri = safeUri(encodeURIComponent, value);
  const bytes = Buffer.from(value, 'utf8');
  const forms = [
    value,
    jsonEscaped(value),
    jsonEscaped(jsonEscaped(value)),
    javaJsonEscaped(value),
    htmlEscaped(value),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    // Upper-case hex needs no form of its own: windows match regardless of ASCII case.
    bytes.toString('hex'),
  ];
  // A piece of base64 shorter than a window only ever matched whole: for an unaligned piece, which is no
  // value's whole encoding, that would only blank out unrelated short words.
  for (const encoding of ['base64', 'base64url'] as const) {
    for (const offset of [1, 2] as const) {
      const piece = base64Unaligned(bytes, offset, encoding);
      if (piece.length >= FRAGMENT) forms.push(piece);
    }
  }
  if (uri !== undefined) {
    forms.push(
      uri,
      uri.replace(/%20/g, '+'),
      uri.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      jsonEscaped(uri),
    );
    const fullUri = safeUri(encodeURI, value);
    if (fullUri !== undefined) forms.push(fullUri);
  }
  return [...new Set(forms)];
}

/**
 * Words of ise-duo's own messages and of the file's keys, of FRAGMENT letters or more. A secret that holds
 * one (`demo-password`) would otherwise blank that word wherever a message says it ("the ISE (sensitive)",
 * `${env:ISE_(sensitive)}`), while the word tells nothing of the secret. Kept only as a whole word: a
 * covered run that is exactly one of these, between non-letters.
 */
export const OWN_WORDS: ReadonlySet<string> = new Set([
  'password',
  'username',
  'description',
  'identitysync',
  'identitysyncs',
  'duoconnections',
  'connection',
  'connections',
  'apihostname',
  'activedirectories',
  'adgroups',
  'mfapolicies',
  'policyset',
  'condition',
  'dictionary',
  'attribute',
  'operator',
  'onsuccess',
  'onfailure',
  'schedule',
  'environment',
  'reference',
  'references',
  'variable',
  'variables',
  'sensitive',
  'credential',
  'credentials',
  'certificate',
  'integration',
]);

const LETTER = /[A-Za-z]/;

/** Whether text[start, end) is one whole word of `words` (ASCII case ignored). */
function isOwnWord(text: string, [start, end]: Span, words: ReadonlySet<string>): boolean {
  if (start > 0 && LETTER.test(text[start - 1]!)) return false;
  if (end < text.length && LETTER.test(text[end]!)) return false;
  const word = text.slice(start, end);
  return /^[A-Za-z]+$/.test(word) && words.has(word.toLowerCase());
}

/**
 * A scrubber for `secrets` (and their encodings). Empty and very short values are ignored. `keep`: words
 * that are not blanked when a run of a secret's pieces is exactly one of them (`OWN_WORDS`, for ise-duo's
 * own message text; server text gets none).
 */
export function createScrubber(secrets: readonly string[], keep?: ReadonlySet<string>): Scrub {
  const windows = new Set<string>();
  const whole = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < SHORTEST_WHOLE) continue;
    for (const form of encodedForms(secret)) {
      if (form.length < FRAGMENT) whole.add(form);
      else {
        const lower = asciiLower(form);
        for (let i = 0; i + FRAGMENT <= lower.length; i++) windows.add(lower.slice(i, i + FRAGMENT));
      }
    }
  }
  const hashes = new Set([...windows].map((w) => windowHash(w, 0)));
  // Longest first, so a value that contains another is replaced whole.
  const short = [...whole].sort((a, b) => b.length - a.length);
  return (text) => {
    if (typeof text !== 'string' || text === '') return text;
    let out = windows.size > 0 ? removeWindows(text, windows, hashes, keep) : text;
    for (const value of short) if (out.includes(value)) out = out.split(value).join(SCRUBBED);
    return windows.size > 0 || short.length > 0 ? removeDecoded(out, windows, hashes, short) : out;
  };
}

/** Lower-cases A-Z only, so that the result is as long as the input and indexes into it alike. */
export function asciiLower(text: string): string {
  // Most values are lower-case already: a test is cheaper than a replace that finds nothing.
  return HAS_UPPER.test(text) ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : text;
}

const HAS_UPPER = /[A-Z]/;

/** The rolling hash's prime, and its power that drops a window's first character (shared with the live reader). */
export const P = 16777619;
export const P_TOP = Array.from({ length: FRAGMENT - 1 }).reduce<number>((acc) => Math.imul(acc, P), 1);

/** A 32-bit polynomial hash of text[from, from + FRAGMENT), the form `removeWindows` rolls along the text. */
export function windowHash(text: string, from: number): number {
  let h = 0;
  for (let k = 0; k < FRAGMENT; k++) h = (Math.imul(h, P) + text.charCodeAt(from + k)) | 0;
  return h;
}

/**
 * The maximal runs of `lower` covered by matching windows, as [start, end) pairs in order. A rolling hash
 * finds candidate windows without making a string per position (a 5 MiB body is scanned in a few hundred
 * ms instead of seconds); a candidate counts only when the window itself is in the set.
 */
/** A run of characters, [start, end). */
type Span = [start: number, end: number];

function coveredRuns(lower: string, windows: ReadonlySet<string>, hashes: ReadonlySet<number>): Span[] {
  const runs: Span[] = [];
  if (lower.length < FRAGMENT) return runs;
  let h = windowHash(lower, 0);
  for (let i = 0; i + FRAGMENT <= lower.length; i++) {
    if (i > 0) {
      const dropped = Math.imul(lower.charCodeAt(i - 1), P_TOP);
      h = (Math.imul((h - dropped) | 0, P) + lower.charCodeAt(i + FRAGMENT - 1)) | 0;
    }
    if (!hashes.has(h) || !windows.has(lower.slice(i, i + FRAGMENT))) continue;
    const last = runs[runs.length - 1];
    if (last && i <= last[1]) last[1] = i + FRAGMENT;
    else runs.push([i, i + FRAGMENT]);
  }
  return runs;
}

/** `text` with each of `runs` (in order, apart) replaced by one marker. */
function replaceRuns(text: string, runs: readonly Span[]): string {
  if (runs.length === 0) return text;
  let out = '';
  let kept = 0;
  for (const [start, end] of runs) {
    out += text.slice(kept, start) + SCRUBBED;
    kept = end;
  }
  return out + text.slice(kept);
}

/** Replaces each maximal run of characters covered by a matching window with one marker. */
function removeWindows(
  text: string,
  windows: ReadonlySet<string>,
  hashes: ReadonlySet<number>,
  keep?: ReadonlySet<string>,
): string {
  const runs = coveredRuns(asciiLower(text), windows, hashes);
  return replaceRuns(text, keep ? runs.filter((run) => !isOwnWord(text, run, keep)) : runs);
}

/**
 * The same in the text's decoded view (`decoded-view.ts`): a secret quoted back one character at a time in
 * percent-encoding or HTML references, mixed with plain characters as any encoder leaves them, is found as
 * the plain value and its source span removed. Short values, matched whole, are looked for there too.
 */
function removeDecoded(
  text: string,
  windows: ReadonlySet<string>,
  hashes: ReadonlySet<number>,
  short: readonly string[],
): string {
  const decoded = decodedView(text);
  if (!decoded) return text;
  const { view, from } = decoded;
  const runs = coveredRuns(asciiLower(view), windows, hashes);
  for (const value of short) {
    for (let at = view.indexOf(value); at >= 0; at = view.indexOf(value, at + value.length)) {
      runs.push([at, at + value.length]);
    }
  }
  if (runs.length === 0) return text;
  runs.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const [start, end] of runs) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  // Back to the text: a decoded character's span is its whole escape.
  return replaceRuns(
    text,
    merged.map(([start, end]): Span => [from[start]!, from[end]!]),
  );
}

/**
 * Server text made fit to quote in one line: secrets removed first, then whitespace flattened (and secrets
 * removed again, in case flattening re-formed one that held a line break), and only then cut to `max`
 * characters. Cutting last is what keeps a cut from leaving a fragment the scrubber could not recognise.
 */
export function quoteable(text: string, scrub: Scrub, max: number): string {
  const flat = scrub(scrub(text).replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
