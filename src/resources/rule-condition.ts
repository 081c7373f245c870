/**
 * An MFA rule's condition between ISE's `Condition` family and the model's tree (`RuleCondition`, in the
 * file's vocabulary). Reading drops what ISE adds or owns (`link`, `hitCounts`, a node's `id`, a reference's
 * `name`/`description`), turns `isNegate` into a `not` node (a missing `isNegate` is false), and hands the
 * tree to the model's `canonicalCondition`, the one normalization both sides share (`ip*` operators to their
 * base forms, absent/null/"" `dictionaryValue` equal, children in order).
 *
 * A reference (`ConditionReference`, or a stored `Library*`/`TimeAndDateCondition` returned in its place) is
 * compared by its id: the planner gives the file's library names the ids ISE resolved for them, and names a
 * live reference by the file's name when their ids agree (`nameReferences`).
 */
import type { WireCondition } from '../client/wire-policy';
import { canonicalCondition } from '../model/rule-condition';
import type { RuleCondition } from '../model/state';

/**
 * Inside a rule, the `Library*` types and `TimeAndDateCondition` are stored library conditions (ISE refuses
 * them as inline nodes), so like a `ConditionReference` they are references, by id.
 */
function nodeFromWire(wire: WireCondition): RuleCondition {
  const type = wire.conditionType ?? '';
  let node: RuleCondition;
  if (type === 'ConditionAndBlock') node = { and: (wire.children ?? []).map(nodeFromWire) };
  else if (type === 'ConditionOrBlock') node = { or: (wire.children ?? []).map(nodeFromWire) };
  else if (type === 'ConditionAttributes' || (type === '' && wire.attributeName !== undefined)) {
    node = {
      dictionary: (wire.dictionaryName ?? '').trim(),
      attribute: (wire.attributeName ?? '').trim(),
      operator: wire.operator ?? '',
      value: wire.attributeValue ?? '',
      dictionaryValue: (wire.dictionaryValue ?? '').trim(),
    };
  } else {
    // ConditionReference, or a stored library condition (TimeAndDateCondition included) given in its place.
    node = { library: (wire.name ?? '').trim(), ...(wire.id ? { id: wire.id } : {}) };
  }
  return wire.isNegate === true ? { not: node } : node;
}

/** ISE's condition in canonical model form; `null` when the rule has none (the Default rule). */
export function conditionFromWire(wire: WireCondition | null | undefined): RuleCondition | null {
  if (!wire) return null;
  return canonicalCondition(nodeFromWire(wire));
}

/** The request form: only writable members, `isNegate` always explicit, a reference by its id alone. */
export function conditionToWire(condition: RuleCondition, negate = false): WireCondition {
  if ('not' in condition) return conditionToWire(condition.not, !negate);
  if ('and' in condition) {
    return {
      conditionType: 'ConditionAndBlock',
      isNegate: negate,
      children: condition.and.map((c) => conditionToWire(c)),
    };
  }
  if ('or' in condition) {
    return {
      conditionType: 'ConditionOrBlock',
      isNegate: negate,
      children: condition.or.map((c) => conditionToWire(c)),
    };
  }
  if ('library' in condition) {
    return {
      conditionType: 'ConditionReference',
      isNegate: negate,
      ...(condition.id ? { id: condition.id } : {}),
    };
  }
  return {
    conditionType: 'ConditionAttributes',
    isNegate: negate,
    dictionaryName: condition.dictionary,
    attributeName: condition.attribute,
    operator: condition.operator,
    attributeValue: condition.value,
    ...(condition.dictionaryValue ? { dictionaryValue: condition.dictionaryValue } : {}),
  };
}

/** Every library name a condition tree references. */
export function libraryNames(condition: RuleCondition | null): string[] {
  if (!condition) return [];
  if ('not' in condition) return libraryNames(condition.not);
  if ('and' in condition) return condition.and.flatMap(libraryNames);
  if ('or' in condition) return condition.or.flatMap(libraryNames);
  return 'library' in condition ? [condition.library] : [];
}

/** A copy with each library node's id set from `ids` (by name); an unknown name keeps no id. */
export function resolveReferences(
  condition: RuleCondition | null,
  ids: (name: string) => string | undefined,
): RuleCondition | null {
  if (!condition) return null;
  if ('not' in condition) return { not: resolveReferences(condition.not, ids)! };
  if ('and' in condition) return { and: condition.and.map((c) => resolveReferences(c, ids)!) };
  if ('or' in condition) return { or: condition.or.map((c) => resolveReferences(c, ids)!) };
  if ('library' in condition) {
    const id = ids(condition.library);
    return id ? { library: condition.library, id } : { library: condition.library };
  }
  return condition;
}

/** A copy with each live reference named by the file's name for the same id (`names`), so only ids differ. */
export function nameReferences(
  condition: RuleCondition | null,
  names: (id: string) => string | undefined,
): RuleCondition | null {
  if (!condition) return null;
  if ('not' in condition) return { not: nameReferences(condition.not, names)! };
  if ('and' in condition) return { and: condition.and.map((c) => nameReferences(c, names)!) };
  if ('or' in condition) return { or: condition.or.map((c) => nameReferences(c, names)!) };
  if ('library' in condition && condition.id) {
    return { library: names(condition.id) ?? condition.library, id: condition.id };
  }
  return condition;
}
