/**
 * Reads what the plan needs from ISE, in as few round trips as the dependencies allow, by asking every
 * registered kind (`src/resources/registry.ts`) for its part of each round:
 *   1. the feature switch (and whatever does not depend on it);
 *   2. if it is on: each kind's lists (connections, identity syncs, AD join points when they must be
 *      resolved), in parallel;
 *   3. the details of the objects the file names that exist, in parallel.
 * That is at most 3 + S + C (+1) GETs, about three round trips whatever S and C are.
 *
 * Existence is decided from the lists, never from GET-by-name status codes: ISE documents 403 for "not found"
 * as well as for "feature off". A 403 from the lists while the feature is off means "no objects".
 */
import type { IseClient } from '../client/types';
import { ApiError } from '../errors';
import type { LiveState } from '../model/state';
import { REGISTRY } from '../resources/registry';
import type { KindRead, ReadScope } from '../resources/resource-spec';

export type { ReadScope } from '../resources/resource-spec';

function isFeatureOff(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

function emptyState(): LiveState {
  return {
    mfa: { enabled: false },
    identitySyncs: [],
    duoConnections: [],
    activeDirectories: [],
    objectsReadable: false,
    fingerprints: {},
  };
}

async function round(reads: KindRead[], step: 'first' | 'list' | 'detail'): Promise<void> {
  await Promise.all(reads.map((r) => r[step]?.()));
}

function withFingerprints(state: LiveState, reads: KindRead[]): LiveState {
  for (const r of reads) Object.assign(state.fingerprints, r.fingerprints?.() ?? {});
  return state;
}

export async function readLiveState(client: IseClient, scope: ReadScope): Promise<LiveState> {
  const state = emptyState();
  const reads = REGISTRY.map((spec) => spec.read(client, scope, state));
  await round(reads, 'first');
  if (!state.mfa.enabled) return withFingerprints(state, reads);
  try {
    await round(reads, 'list');
  } catch (err) {
    if (!isFeatureOff(err)) throw err;
    const off = emptyState();
    off.mfa = state.mfa;
    return withFingerprints(
      off,
      REGISTRY.map((spec) => spec.read(client, scope, off)),
    );
  }
  await round(reads, 'detail');
  state.objectsReadable = true;
  return withFingerprints(state, reads);
}

/** The scope a desired state needs: the objects it names, and join points if it has syncs. */
export function scopeFor(desired: {
  identitySyncs: { name: string }[];
  duoConnections: { name: string }[];
}): ReadScope {
  return {
    identitySyncs: desired.identitySyncs.map((s) => s.name),
    duoConnections: desired.duoConnections.map((c) => c.name),
    activeDirectories: desired.identitySyncs.length > 0,
  };
}
