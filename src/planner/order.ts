/**
 * The order changes run in, from the registry's dependency order (`src/resources/registry.ts`): creates,
 * updates and enabling follow it (the feature switch, then identity syncs, then the connections that name
 * them); deletes and disabling run in reverse (connections, then syncs, MFA off last). Within a phase, each
 * kind's own order (by name for keyed kinds), so equal inputs always give the same plan.
 */
import type { Change } from '../model/plan';
import { dependencyRank, REGISTRY } from '../resources/registry';

const removes = (change: Change) => change.action === 'delete' || change.action === 'disable';

/** A change's dependency phase: changes of one phase run after every change of the phases before it. */
export function phaseOf(change: Change): number {
  const rank = dependencyRank(change.kind);
  return removes(change) ? 2 * REGISTRY.length - 1 - rank : rank;
}

/** A stable sort by phase: the kinds' own order within a phase is kept. */
export function orderChanges(changes: Change[]): Change[] {
  return changes
    .map((change, i) => ({ change, i }))
    .sort((a, b) => phaseOf(a.change) - phaseOf(b.change) || a.i - b.i)
    .map(({ change }) => change);
}
