/**
 * The convergence check's part for a kind keyed by name (identity syncs, Duo connections): the kind's list,
 * and a GET by name of each object the apply created or updated, sent at once. Deleted objects are checked
 * against the fresh list only. Objects the apply did not touch keep their detailed copy (and fingerprint)
 * from before, while the fresh list still decides which objects exist.
 */
import type { DuoConnection, IdentitySync } from '../model/state';
import type { AfterApplyRead, NamedKind } from './resource-spec';

export function keyedAfterApply(kind: string, byName: NamedKind, touched: string[]): AfterApplyRead {
  const objects = byName.collection;
  return {
    reads: [{ method: byName.list }, ...touched.map((name) => ({ method: byName.get, args: [name] }))],
    scope: { [objects]: touched },
    keep(after, before) {
      const earlier = new Map<string, IdentitySync | DuoConnection>(before[objects].map((o) => [o.name, o]));
      const kept = after[objects].map((o: IdentitySync | DuoConnection) => {
        const old = earlier.get(o.name);
        if (!old || touched.includes(o.name)) return o;
        const key = `${kind}/${o.name}`;
        if (before.fingerprints[key] !== undefined) after.fingerprints[key] = before.fingerprints[key];
        return old;
      });
      // The list and its copies from before are of one kind: `objects` names the same list in both states.
      (after as Record<NamedKind['collection'], unknown>)[objects] = kept;
    },
  };
}
