/**
 * A `Finding` is a problem before it has a position: each checking stage (schema, env references, semantic
 * checks) only knows the JSON pointer of the node it is about, and `source-map.ts` turns findings into
 * positioned `Issue`s in one place. That keeps the stages free of YAML details and lets them run on plain
 * values in tests.
 *
 * Also here: the small pointer helpers every stage uses to name a node in a message.
 */

export type Severity = 'error' | 'warning';

/** Where in the source a finding points: the node itself, its key, or a piece of text inside a scalar. */
export type FindingAnchor = { kind: 'value' } | { kind: 'key' } | { kind: 'text'; text: string };

export interface Finding {
  /** JSON pointer of the node the finding is about ('' for the root). */
  pointer: string;
  message: string;
  severity: Severity;
  anchor?: FindingAnchor;
}

export function error(pointer: string, message: string, anchor?: FindingAnchor): Finding {
  return anchor ? { pointer, message, severity: 'error', anchor } : { pointer, message, severity: 'error' };
}

export function warning(pointer: string, message: string): Finding {
  return { pointer, message, severity: 'warning' };
}

/** Splits a JSON pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function joinPointer(parent: string, segment: string | number): string {
  const text = String(segment);
  // Called for every node of a file: most segments are indexes and plain names, with nothing to escape.
  if (!text.includes('~') && !text.includes('/')) return `${parent}/${text}`;
  return `${parent}/${text.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** `/duoConnections/0/adminApi` -> `duoConnections[0].adminApi`: how messages name a place in the file. */
export function dottedPath(pointer: string): string {
  let out = '';
  for (const segment of pointerSegments(pointer)) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The container a key lives in, for "in …" phrases: `the top level` or `"duoConnections[0].adminApi"`. */
export function describeContainer(pointer: string): string {
  return pointer === '' ? 'the top level' : `"${dottedPath(pointer)}"`;
}

/**
 * How a message names one node: `"skey"` for a key, `"identitySyncs[0]"` for a list item (an index alone
 * would not say which list), `the file` for the root.
 */
export function describeNode(pointer: string): string {
  const segments = pointerSegments(pointer);
  const last = segments[segments.length - 1];
  if (last === undefined) return 'the file';
  if (/^\d+$/.test(last)) return `"${dottedPath(pointer)}"`;
  return `"${last}"`;
}

/** The key of the list an item belongs to (`types` for `/duoConnections/0/types/2`), or undefined. */
export function listKeyOfItem(pointer: string): string | undefined {
  const segments = pointerSegments(pointer);
  const last = segments[segments.length - 1];
  if (last === undefined || !/^\d+$/.test(last)) return undefined;
  return segments[segments.length - 2];
}

/**
 * Fields whose value must come from the environment, and the variable name a hint suggests for each.
 * Secret values are never quoted in a message, not even when they are literals or fail a check.
 */
const SECRET_FIELDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/ise\/password$/, 'ISE_PASSWORD'],
  [/^\/duoConnections\/\d+\/adminApi\/skey$/, 'DUO_ADMIN_SKEY'],
  [/^\/duoConnections\/\d+\/authApi\/skey$/, 'DUO_AUTH_SKEY'],
];

/** Integration keys are not secret enough to forbid in the file, but they are never quoted either. */
const SENSITIVE_FIELD = /^\/duoConnections\/\d+\/(?:adminApi|authApi)\/ikey$/;

export function secretFieldHint(pointer: string): string | undefined {
  return SECRET_FIELDS.find(([pattern]) => pattern.test(pointer))?.[1];
}

/**
 * The last segment of every secret (`password`, `skey`) and sensitive (`ikey`) field above. Asked for every
 * string of a file, this answers most of them without running the patterns.
 */
const SECRET_KEYS = new Set(['password', 'skey']);
export function mayBeSensitiveKey(segment: string | number): boolean {
  return segment === 'ikey' || SECRET_KEYS.has(segment as string);
}

function lastSegment(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1);
}

export function isSecretField(pointer: string): boolean {
  return SECRET_KEYS.has(lastSegment(pointer)) && secretFieldHint(pointer) !== undefined;
}

/** True for fields whose values must never be quoted in a message. */
export function isSensitiveField(pointer: string): boolean {
  return lastSegment(pointer) === 'ikey' ? SENSITIVE_FIELD.test(pointer) : isSecretField(pointer);
}

/**
 * Characters JSON leaves as they are that a terminal or a review comment would not show as written: C1
 * controls, Unicode line and paragraph separators, zero-width and direction marks, overrides and isolates.
 */
const INVISIBLE = /[\u0080-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A value as a message quotes it: JSON-quoted, invisible characters escaped, cut to 60 characters. */
export function quoteValue(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(cut).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
