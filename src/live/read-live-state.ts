/**
 * Reads what the plan needs from ISE, in as few round trips as the dependencies allow:
 *   1. the feature switch;
 *   2. if it is on: the connection list, the identity-sync list and (when join points must be resolved) the
 *      AD join points, in parallel;
 *   3. the details of the objects the file names that exist, in parallel.
 * That is at most 3 + S + C (+1) GETs, about three round trips whatever S and C are.
 *
 * Existence is decided from the lists, never from GET-by-name status codes: ISE documents 403 for "not found"
 * as well as for "feature off". A 403 from the lists while the feature is off means "no objects".
 */
import type { IseClient } from '../client/types';
import type { WireIdentitySyncSummary, WireMfaSummary } from '../client/wire-types';
import { ApiError } from '../errors';
import { hashJson } from '../model/plan';
import type { ActiveDirectoryRef, DuoConnection, IdentitySync, LiveState } from '../model/state';
import { duoConnectionFromWire, parseTypes } from '../resources/duo-connection';
import { identitySyncFromWire } from '../resources/identity-sync';

export interface ReadScope {
  /** Identity syncs to read in detail: names, or 'all'. */
  identitySyncs: string[] | 'all';
  /** Duo connections to read in detail: names, or 'all'. */
  duoConnections: string[] | 'all';
  /** Whether to list AD join points (needed to resolve names to directoryID and domain). */
  activeDirectories: boolean;
}

function isFeatureOff(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

/** A listed connection not read in detail: enough for the plan's names and references, nothing compared. */
function connectionFromSummary(s: WireMfaSummary): DuoConnection {
  return {
    name: (s.name ?? '').trim(),
    description: '',
    identitySync: (s.identitySync ?? '').trim(),
    types: parseTypes(s.type),
    apiHostName: (s.apiHostName ?? '').toLowerCase(),
    adminIkeyFingerprint: '',
    authIkeyFingerprint: '',
    secretKeysFingerprint: null,
  };
}

function syncFromSummary(s: WireIdentitySyncSummary): IdentitySync {
  return { name: (s.name ?? '').trim(), activeDirectories: [], adGroups: [], schedule: null };
}

function wanted(scope: string[] | 'all', name: string): boolean {
  return scope === 'all' || scope.includes(name);
}

async function readLists(client: IseClient, scope: ReadScope) {
  return Promise.all([
    client.listDuoConnections(),
    client.listIdentitySyncs(),
    scope.activeDirectories ? client.listActiveDirectories() : Promise.resolve([]),
  ]);
}

export async function readLiveState(client: IseClient, scope: ReadScope): Promise<LiveState> {
  const enabled = await client.getMfaStatus();
  const state: LiveState = {
    mfa: { enabled },
    identitySyncs: [],
    duoConnections: [],
    activeDirectories: [],
    objectsReadable: false,
    fingerprints: { mfa: hashJson({ enabled }) },
  };
  if (!enabled) return state;
  let lists: Awaited<ReturnType<typeof readLists>>;
  try {
    lists = await readLists(client, scope);
  } catch (err) {
    if (isFeatureOff(err)) return state;
    throw err;
  }
  const [connectionList, syncList, directories] = lists;
  const detailSyncs = syncList.filter((s) => s.name && wanted(scope.identitySyncs, s.name));
  const detailConnections = connectionList.filter((c) => c.name && wanted(scope.duoConnections, c.name));
  const [syncs, connections] = await Promise.all([
    Promise.all(detailSyncs.map(async (s) => identitySyncFromWire(await client.getIdentitySync(s.name!)))),
    Promise.all(
      detailConnections.map(async (c) => duoConnectionFromWire(await client.getDuoConnection(c.name!))),
    ),
  ]);
  state.objectsReadable = true;
  state.activeDirectories = directories
    .filter((d) => d.name && d.directoryID)
    .map((d) => ({ name: d.name!, directoryID: d.directoryID!, domain: (d.domain ?? '').toLowerCase() }))
    .sort((a, b) => (a.name < b.name ? -1 : 1)) as Required<ActiveDirectoryRef>[];
  const detailedSyncs = new Set(syncs.map((s) => s.name));
  const detailedConnections = new Set(connections.map((c) => c.name));
  state.identitySyncs = [
    ...syncs,
    ...syncList.filter((s) => s.name && !detailedSyncs.has(s.name.trim())).map(syncFromSummary),
  ];
  state.duoConnections = [
    ...connections,
    ...connectionList
      .filter((c) => c.name && !detailedConnections.has(c.name.trim()))
      .map(connectionFromSummary),
  ];
  for (const s of state.identitySyncs) state.fingerprints[`identity-sync/${s.name}`] = hashJson(s);
  for (const c of state.duoConnections) state.fingerprints[`duo-connection/${c.name}`] = hashJson(c);
  return state;
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
