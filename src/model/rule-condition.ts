/**
 * The canonical form of an MFA rule's condition tree, shared by both sides: the desired state (from the file)
 * and the live state (from ISE) are each put through `canonicalCondition`, so that two conditions that mean
 * the same compare deep-equal and a field diff shows only real differences. It lives in the model, below
 * both sides, because the rules must be one and the same for each: a rule applied on one side only would
 * be a permanent diff.
 *
 * What is made canonical: the `ip*` operators that ISE writes back for IP attributes become their base forms
 * (`ipEquals` -> `equals`; the map Cisco's own Terraform provider uses), `dictionaryValue` is '' when absent,
 * and a double negation is no negation (`not: {not: x}` is `x`). Children keep the file's order there, since
 * that is the order the rule is written with.
 *
 * Whether ISE keeps the children of an and/or in the order they were sent, or stores them reordered or with
 * nested blocks of the same kind flattened, no source says (the reference's open question 9). Comparing them
 * in order would never converge against an ISE that rewrites them: every plan would write the rule again.
 * So two conditions are the same when `conditionKey` says so: an and/or is the set of its members, a nested
 * block of the same kind counting as its members (`and: [and: [a, b], c]` is `and: [a, b, c]`). That is what
 * the condition means, as ISE evaluates it, whatever answer ISE gives to the question; the one thing lost is
 * that a reorder alone in the file writes nothing (the new order goes with the rule's next write).
 */
import { canonicalJson } from './plan';
import type { AttributeCondition, LibraryCondition, RuleCondition } from './state';

/** ISE stores `equals` on an IP attribute as `ipEquals` (and so on); both spellings mean one thing. */
const IP_OPERATOR_BASE: Readonly<Record<string, string>> = {
  ipEquals: 'equals',
  ipNotEquals: 'notEquals',
  ipGreaterThan: 'greaterThan',
  ipLessThan: 'lessThan',
};

export function baseOperator(operator: string): string {
  return IP_OPERATOR_BASE[operator] ?? operator;
}

export function isAttributeCondition(c: RuleCondition): c is AttributeCondition {
  return 'dictionary' in c;
}

export function isLibraryCondition(c: RuleCondition): c is LibraryCondition {
  return 'library' in c;
}

/** A copy of `condition` in canonical form (see the module comment). Never mutates its argument. */
export function canonicalCondition(condition: RuleCondition): RuleCondition {
  if ('not' in condition) {
    const inner = condition.not;
    return 'not' in inner ? canonicalCondition(inner.not) : { not: canonicalCondition(inner) };
  }
  if ('and' in condition) return { and: condition.and.map(canonicalCondition) };
  if ('or' in condition) return { or: condition.or.map(canonicalCondition) };
  if (isLibraryCondition(condition)) {
    return condition.id === undefined
      ? { library: condition.library }
      : { library: condition.library, id: condition.id };
  }
  return {
    dictionary: condition.dictionary,
    attribute: condition.attribute,
    operator: baseOperator(condition.operator),
    value: condition.value,
    dictionaryValue: condition.dictionaryValue ?? '',
  };
}

/** The members of an `op` block, nested `op` blocks opened up (a negated block is a `not`, kept whole). */
export function blockMembers(condition: RuleCondition, op: 'and' | 'or'): RuleCondition[] {
  const children = (condition as Record<typeof op, RuleCondition[]>)[op];
  return children.flatMap((c) => (op in c ? blockMembers(c, op) : [c]));
}

/**
 * A text equal for two canonical conditions exactly when they mean the same: and/or blocks as the sorted
 * keys of their members (see the module comment), everything else as its canonical JSON.
 */
export function conditionKey(condition: RuleCondition): string {
  if ('not' in condition) return JSON.stringify(['not', conditionKey(condition.not)]);
  for (const op of ['and', 'or'] as const) {
    if (op in condition) return JSON.stringify([op, blockMembers(condition, op).map(conditionKey).sort()]);
  }
  return canonicalJson(condition);
}

/** Whether two canonical conditions (or their absence) mean the same; see `conditionKey`. */
export function sameCondition(a: RuleCondition | null, b: RuleCondition | null): boolean {
  if (a === null || b === null) return a === b;
  return conditionKey(a) === conditionKey(b);
}
