/**
 * The other answer to the reference's open question 9 (seed switch `rewritesConditionBlocks`): an ISE that
 * stores a rule's condition rewritten, nested and/or blocks of the same kind flattened into their parent and
 * every block's children sorted, so what GET returns is not the order it was sent in. No source says ISE
 * does this, nor that it does not; the reconciler must converge either way.
 */
import type { WireCondition, WireOperator } from '../client/wire-policy';

const BLOCKS = new Set(['ConditionAndBlock', 'ConditionOrBlock']);

/** A copy of `condition`, rewritten as above; attribute tests and references are kept as they are. */
export function rewriteBlocks(condition: WireCondition): WireCondition {
  if (!BLOCKS.has(condition.conditionType ?? '') || !condition.children) return condition;
  const children = condition.children
    .map(rewriteBlocks)
    .flatMap((c) =>
      c.conditionType === condition.conditionType && !c.isNegate && c.children ? c.children : [c],
    )
    .sort((a, b) => {
      const [ka, kb] = [JSON.stringify(a), JSON.stringify(b)];
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  return { ...condition, children };
}

/**
 * Attributes of ISE's MAC data type (`dictionary:attribute`): the endpoint's MAC address, which a MAC-based
 * MFA rule would test. ISE's dictionaries say which attributes are MACs; the simulator knows this one.
 */
export const MAC_ATTRIBUTES = ['Radius:Calling-Station-ID'];

const MAC_OPERATOR: Readonly<Record<string, WireOperator>> = {
  equals: 'macEquals',
  notEquals: 'macNotEquals',
  contains: 'macContains',
  notContains: 'macNotContains',
  startsWith: 'macStartsWith',
  notStartsWith: 'macNotStartsWith',
  endsWith: 'macEndsWith',
  notEndsWith: 'macNotEndsWith',
  in: 'macIn',
  notIn: 'macNotIn',
};

/**
 * The other answer to whether ISE rewrites `mac*` operators (seed switch `rewritesMacOperators`, open
 * question 9): a copy of `condition` with each test of a MAC attribute stored in its `mac*` form, as the
 * simulator always stores `ip*` ones for IP attributes.
 */
export function rewriteMacOperators(condition: WireCondition): WireCondition {
  if (condition.children) return { ...condition, children: condition.children.map(rewriteMacOperators) };
  const attribute = `${condition.dictionaryName}:${condition.attributeName}`;
  const { operator } = condition;
  const mac =
    operator && MAC_ATTRIBUTES.includes(attribute) && Object.hasOwn(MAC_OPERATOR, operator)
      ? MAC_OPERATOR[operator]
      : undefined;
  return mac ? { ...condition, operator: mac } : condition;
}
