/**
 * The live state for the convergence check after an apply, read in one round trip: each registered kind
 * says what of it to read again (`afterApply` in its spec): the feature switch, the lists and the details of
 * exactly the objects the apply created or updated, all sent at once (the names are known from the applied
 * changes, so no detail has to wait for a list). What a kind does not read again it keeps from the state
 * before the apply (the details of untouched objects, the join points unless the apply turned MFA on); a
 * kind without `afterApply` (MFA rules) is read again as the plan read it.
 *
 * This checks what convergence is about, whether ISE took the writes, without reading the untouched objects
 * a second time: the full re-plan read everything again in three dependent round trips.
 */
import type { IseClient } from '../client/types';
import type { Change } from '../model/plan';
import type { LiveState } from '../model/state';
import { REGISTRY } from '../resources/registry';
import { prefetching } from './prefetch';
import { type ReadScope, readLiveState } from './read-live-state';

/** A change the apply carried out. */
export type AppliedRef = Pick<Change, 'kind' | 'action' | 'name'>;

/**
 * Reads ISE after `applied` changes, for the plan of `scope`. `client` may be the apply's own client:
 * afterwards it still answers, from the same requests, a first read of a touched sync (the sync-run start
 * reads its status) until its next write.
 */
export async function readAfterApply(
  client: IseClient,
  scope: ReadScope,
  before: LiveState,
  applied: AppliedRef[],
): Promise<{ live: LiveState; client: IseClient }> {
  const parts = REGISTRY.flatMap((spec) => {
    // Deleted objects are checked against the fresh lists only.
    const touched = applied.filter((c) => c.kind === spec.kind && c.action !== 'delete').map((c) => c.name);
    return spec.afterApply ? [spec.afterApply(touched, scope, before)] : [];
  });
  const ahead = prefetching(
    client,
    parts.flatMap((p) => p.reads),
  );
  const live = await readLiveState(ahead, Object.assign({ ...scope }, ...parts.map((p) => p.scope)));
  for (const p of parts) p.keep(live, before);
  return { live, client: ahead };
}
