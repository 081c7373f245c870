/**
 * The live state for the convergence check after an apply, read in one round trip: the feature switch, the
 * lists and the details of exactly the objects the apply created or updated, all sent at once (the names
 * are known from the applied changes, so no detail has to wait for a list). Objects the apply did not touch
 * keep the details read before it, while the fresh lists still decide which objects exist; the join points
 * are read again only if they could not be read before (the apply turned MFA on).
 *
 * This checks what convergence is about, whether ISE took the writes, without reading the untouched objects
 * a second time: the full re-plan read everything again in three dependent round trips.
 */
import type { IseClient } from '../client/types';
import type { Change } from '../model/plan';
import type { DuoConnection, IdentitySync, LiveState } from '../model/state';
import { type PrefetchRead, prefetching } from './prefetch';
import { type ReadScope, readLiveState } from './read-live-state';

/** A change the apply carried out. */
export type AppliedRef = Pick<Change, 'kind' | 'action' | 'name'>;

/** Names the apply created or updated, per kind; deleted ones are only checked against the lists. */
function touched(applied: AppliedRef[], kind: AppliedRef['kind']): string[] {
  return applied.filter((c) => c.kind === kind && c.action !== 'delete').map((c) => c.name);
}

/** Untouched objects take their detailed copy (and fingerprint) from before, if they had one. */
function keepUntouched<T extends IdentitySync | DuoConnection>(
  now: T[],
  before: T[],
  touchedNames: string[],
  kind: string,
  fingerprints: { now: Record<string, string>; before: Record<string, string> },
): T[] {
  const earlier = new Map(before.map((o) => [o.name, o]));
  return now.map((o) => {
    const old = earlier.get(o.name);
    if (touchedNames.includes(o.name) || !old) return o;
    const key = `${kind}/${o.name}`;
    if (fingerprints.before[key] !== undefined) fingerprints.now[key] = fingerprints.before[key];
    return old;
  });
}

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
  const syncs = touched(applied, 'identity-sync');
  const connections = touched(applied, 'duo-connection');
  const needDirectories = scope.activeDirectories && !before.objectsReadable;
  const reads: PrefetchRead[] = [
    { method: 'getMfaStatus' },
    { method: 'listDuoConnections' },
    { method: 'listIdentitySyncs' },
    ...(needDirectories ? [{ method: 'listActiveDirectories' } satisfies PrefetchRead] : []),
    ...syncs.map((name): PrefetchRead => ({ method: 'getIdentitySync', args: [name] })),
    ...connections.map((name): PrefetchRead => ({ method: 'getDuoConnection', args: [name] })),
  ];
  const ahead = prefetching(client, reads);
  const live = await readLiveState(ahead, {
    ...scope,
    identitySyncs: syncs,
    duoConnections: connections,
    activeDirectories: needDirectories,
  });
  if (!needDirectories) live.activeDirectories = before.activeDirectories;
  const fingerprints = { now: live.fingerprints, before: before.fingerprints };
  live.identitySyncs = keepUntouched(
    live.identitySyncs,
    before.identitySyncs,
    syncs,
    'identity-sync',
    fingerprints,
  );
  live.duoConnections = keepUntouched(
    live.duoConnections,
    before.duoConnections,
    connections,
    'duo-connection',
    fingerprints,
  );
  return { live, client: ahead };
}
