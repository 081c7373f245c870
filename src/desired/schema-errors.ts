/**
 * Runs the precompiled schema validator and words each ajv error as a finding that says what is wrong and
 * what to write instead. Only `src/generated/desired-validator` validates: no ajv compile happens at run
 * time, which keeps start-up fast. Wording per keyword lives here; wording per field (patterns) lives in
 * `pattern-hints.ts`. Values of secret fields and integration keys are never quoted.
 */
import type { ErrorObject } from 'ajv';
import validateDesired from '../generated/desired-validator';
import {
  conditionEmptyFinding,
  conditionMixFinding,
  isConditionKey,
  missingTestKeysFinding,
  operatorSuggestion,
} from './condition-wording';
import {
  describeContainer,
  describeNode,
  error,
  type Finding,
  isSensitiveField,
  joinPointer,
  listKeyOfItem,
  pointerSegments,
  quoteValue,
} from './findings';
import { patternMessage } from './pattern-hints';
import { allowedKeys, exampleOf } from './schema-info';

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  null: 'empty',
};

export function valueAt(tree: unknown, pointer: string): unknown {
  let node = tree;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** How a type error names the value it found; sensitive values are described without their content. */
function describeFound(value: unknown, sensitive: boolean): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return sensitive ? 'text' : `the text ${quoteValue(value)}`;
  if (typeof value === 'number') return sensitive ? 'a number' : `the number ${value}`;
  return String(value);
}

function typeMessage(err: ErrorObject, value: unknown, sensitive: boolean): string {
  const wanted = String(err.params.type)
    .split(',')
    .map((t) => TYPE_NAMES[t] ?? t)
    .join(' or ');
  // YAML reads 443 or true as a number or a boolean; quotes make it text.
  const quote =
    err.params.type === 'string' && (typeof value === 'number' || typeof value === 'boolean') && !sensitive
      ? `; put it in quotes: "${String(value)}"`
      : '';
  return `${describeNode(err.instancePath)} must be ${wanted}, not ${describeFound(value, sensitive)}${quote}`;
}

function enumMessage(err: ErrorObject, value: unknown): string {
  const values = (err.params.allowedValues as unknown[]).map(String);
  const allowed = values.join(', ');
  const shown = typeof value === 'string' ? quoteValue(value) : JSON.stringify(value);
  // 29 operators are too many to scan for the one meant.
  const close = err.instancePath.endsWith('/operator') && typeof value === 'string';
  const suggestion = close ? operatorSuggestion(value, values) : undefined;
  if (suggestion)
    return `"operator" value ${shown} is not allowed; did you mean "${suggestion}"? (allowed: ${allowed})`;
  const listKey = listKeyOfItem(err.instancePath);
  const subject = listKey ? `"${listKey}" item ${shown}` : `${describeNode(err.instancePath)} value ${shown}`;
  return `${subject} is not allowed; use one of: ${allowed}`;
}

function unknownKeyFinding(err: ErrorObject): Finding {
  const key = String(err.params.additionalProperty);
  const allowed = allowedKeys(err.instancePath);
  const hint = allowed.length > 0 ? `; allowed keys: ${allowed.join(', ')}` : '';
  const message = `unknown key ${quoteValue(key)} in ${describeContainer(err.instancePath)}${hint}`;
  return error(joinPointer(err.instancePath, key), message, { kind: 'key' });
}

function missingKeyMessage(err: ErrorObject): string {
  const key = String(err.params.missingProperty);
  const example = exampleOf(err.instancePath, key);
  const hint = example ? `; e.g. ${key}: ${example}` : '';
  return `missing required key "${key}" in ${describeContainer(err.instancePath)}${hint}`;
}

function uniqueItemsFinding(err: ErrorObject, tree: unknown): Finding {
  const later = Math.max(Number(err.params.i), Number(err.params.j));
  const pointer = joinPointer(err.instancePath, later);
  const value = valueAt(tree, pointer);
  const shown = typeof value === 'string' ? quoteValue(value) : 'an item';
  return error(
    pointer,
    `${describeNode(err.instancePath)} lists ${shown} more than once; list each value once`,
  );
}

function boundMessage(err: ErrorObject): string {
  const subject = describeNode(err.instancePath);
  const limit = Number(err.params.limit);
  switch (err.keyword) {
    case 'minimum':
      return `${subject} must be at least ${limit}`;
    case 'maximum':
      return `${subject} must be at most ${limit}`;
    case 'minItems':
      return `${subject} must list at least ${limit === 1 ? 'one item' : `${limit} items`}`;
    case 'minLength':
      return limit === 1
        ? `${subject} must not be empty`
        : `${subject} must be at least ${limit} characters long`;
    default:
      return `${subject} is longer than ${limit} characters`;
  }
}

/** One ajv error as a finding. `tree` is the value that was validated, for quoting the offending value. */
function toFinding(err: ErrorObject, tree: unknown): Finding {
  const pointer = err.instancePath;
  const value = valueAt(tree, pointer);
  const sensitive = isSensitiveField(pointer);
  switch (err.keyword) {
    case 'additionalProperties':
      return unknownKeyFinding(err);
    case 'required':
      return error(pointer, missingKeyMessage(err));
    case 'type':
      return error(pointer, typeMessage(err, value, sensitive));
    case 'enum':
      return error(pointer, enumMessage(err, value));
    case 'const':
      return error(
        pointer,
        `${describeNode(pointer)} must be ${JSON.stringify(err.params.allowedValue)}, not ${describeFound(value, sensitive)}`,
      );
    case 'pattern':
      return error(pointer, patternMessage(pointer, sensitive ? undefined : String(value)));
    case 'uniqueItems':
      return uniqueItemsFinding(err, tree);
    case 'dependencies':
      return missingTestKeysFinding(pointer, value, (key) => exampleOf(pointer, key));
    case 'propertyNames':
      return conditionMixFinding(pointer, value);
    case 'minProperties':
      return conditionEmptyFinding(pointer);
    case 'minimum':
    case 'maximum':
    case 'minItems':
    case 'minLength':
    case 'maxLength':
      return error(pointer, boundMessage(err));
    default:
      return error(pointer, `${describeNode(pointer)} ${err.message ?? 'is not valid'}`);
  }
}

/**
 * The errors worth wording. A condition that mixes forms fails its `propertyNames` rule and, often, the
 * attribute test's `dependencies` too; the mix is the real mistake, so the missing keys are not reported.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  // An unknown key fails `propertyNames` too, but `additionalProperties` words that one.
  const isMix = (e: ErrorObject) => e.keyword === 'propertyNames' && isConditionKey(e.params.propertyName);
  const mixed = new Set(errors.filter(isMix).map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'enum' && e.schemaPath.includes('/propertyNames/')) return false; // its parent says it
    if (e.keyword === 'propertyNames') return isMix(e);
    return !(e.keyword === 'dependencies' && mixed.has(e.instancePath));
  });
}

/** Validates `tree` against the desired-state schema; [] when it is valid. */
export function schemaFindings(tree: unknown): Finding[] {
  if (validateDesired(tree)) return [];
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const err of relevantErrors(validateDesired.errors ?? [])) {
    const finding = toFinding(err, tree);
    const key = `${finding.pointer}\u0000${finding.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
}
