/**
 * The canonical form of an MFA rule's condition tree, shared by both sides: the desired state (from the file)
 * and the live state (from ISE) are each put through `canonicalCondition`, so that two conditions that mean
 * the same compare deep-equal and a field diff shows only real differences. It lives in the model, below
 * both sides, because the rules must be one and the same for each: a rule applied on one side only would
 * be a permanent diff.
 *
 * What is made canonical: the `ip*` operators that ISE writes back for IP attributes become their base forms
 * (`ipEquals` -> `equals`; the map Cisco's own Terraform provider uses), `dictionaryValue` is '' when absent,
 * and a double negation is no negation (`not: {not: x}` is `x`). Children keep their order: nothing shows
 * that ISE reorders them, so order is meaningful.
 */
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
