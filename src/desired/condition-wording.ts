/**
 * Words the schema errors that are particular to an MFA rule's condition. The schema keeps the five forms of
 * a condition apart with `dependencies` (an attribute test needs all four of its keys; `library`, `and`, `or`
 * and `not` each stand alone), and ajv reports those rules as `dependencies`, `propertyNames` (with an inner
 * `enum` per foreign key) and `minProperties` errors. Each becomes one sentence that names the forms and
 * says what to write, instead of ajv's "must NOT have fewer than 1 properties".
 */
import { describeContainer, describeNode, error, type Finding } from './findings';

const TEST_KEYS = ['dictionary', 'attribute', 'operator', 'value', 'dictionaryValue'];
const LONE_KEYS = ['library', 'and', 'or', 'not'];
const FORMS =
  'an attribute test (dictionary, attribute, operator, value), library: <name>, and: [...], or: [...], or not: {...}';

export function isConditionKey(key: unknown): boolean {
  return typeof key === 'string' && (TEST_KEYS.includes(key) || LONE_KEYS.includes(key));
}

/**
 * One message for an attribute test that lacks some of its four keys (ajv reports each missing key once per
 * key present); `example` gives a sample line for the first missing key.
 */
export function missingTestKeysFinding(
  pointer: string,
  value: unknown,
  example: (key: string) => string | undefined,
): Finding {
  const node = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const missing = TEST_KEYS.slice(0, 4).filter((k) => !(k in node));
  const quoted = missing.map((k) => `"${k}"`);
  const list = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : quoted[0];
  const sample = missing[0] === undefined ? undefined : example(missing[0]);
  const hint = sample ? `; e.g. ${missing[0]}: ${sample}` : '';
  return error(
    pointer,
    `missing ${list} in ${describeContainer(pointer)}: an attribute test needs dictionary, attribute, ` +
      `operator and value${hint}`,
  );
}

/** An operator that is nearly right: another case, or the start of one (`equal` for `equals`). */
export function operatorSuggestion(wrong: string, allowed: readonly string[]): string | undefined {
  const folded = wrong.toLowerCase();
  return (
    allowed.find((a) => a.toLowerCase() === folded) ??
    (folded.length >= 3 ? allowed.find((a) => a.toLowerCase().startsWith(folded)) : undefined) ??
    allowed.find((a) => folded.startsWith(a.toLowerCase()) && folded.length - a.length <= 2)
  );
}

function formsIn(node: Record<string, unknown>): string[] {
  const keys = Object.keys(node);
  const forms = keys.some((k) => TEST_KEYS.includes(k)) ? ['an attribute test'] : [];
  return [...forms, ...LONE_KEYS.filter((k) => keys.includes(k)).map((k) => `"${k}"`)];
}

export function conditionEmptyFinding(pointer: string): Finding {
  return error(pointer, `${describeNode(pointer)} is empty; write ${FORMS}`);
}

/** One finding for a condition that mixes forms; `value` is the condition node. */
export function conditionMixFinding(pointer: string, value: unknown): Finding {
  const node = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  const forms = formsIn(node as Record<string, unknown>);
  const listed = `${forms.slice(0, -1).join(', ')} and ${forms[forms.length - 1]}`;
  return error(
    pointer,
    `${describeNode(pointer)} mixes ${listed}; a condition is exactly one of ${FORMS}. ` +
      'To require several, list them under "and:"',
  );
}
