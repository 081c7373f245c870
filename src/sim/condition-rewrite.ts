/**
 * The other answer to the reference's open question 9 (seed switch `rewritesConditionBlocks`): an ISE that
 * stores a rule's condition rewritten, nested and/or blocks of the same kind flattened into their parent and
 * every block's children sorted, so what GET returns is not the order it was sent in. No source says ISE
 * does this, nor that it does not; the reconciler must converge either way.
 */
import type { WireCondition } from '../client/wire-policy';

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
