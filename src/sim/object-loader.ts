/**
 * Turns untrusted object lists (the seed's pre-existing objects, a state file read back from disk) into a
 * snapshot the store can load, by replaying them through the same parsers and rules as the API. So a seed or
 * a hand-edited state file can never hold something the API itself would have refused. Connections come
 * before the policy data, whose MFA rules name them.
 */
import { WIRE_SYNC_STATUS, type WireSyncStatus } from '../client/wire-types';
import type { PolicyService } from '../model/state';
import type { Directory } from './directory';
import { SimStore, type SyncServerFields } from './object-store';
import { loadPolicy, type PolicyLabel, type RawServicePolicy } from './policy-loader';
import { PolicyStore } from './policy-store';
import type { SimSnapshot } from './types';
import { isObject, parseMfaInfo } from './validate';
import { parseIdentitySyncInfo } from './validate-sync';

export interface RawObjects {
  mfaEnabled: boolean;
  connections: unknown[];
  syncs: unknown[];
  defaultMfaRule: boolean;
  policy: Record<PolicyService, RawServicePolicy>;
}

/** Where each list came from, for error messages: e.g. `duoConnections` in a seed, `connections` in state. */
export interface RawLabels {
  connections: string;
  syncs: string;
  policy: PolicyLabel;
}

export type FailFn = (where: string, reason: string) => Error;

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `lastSync` / `syncStatus` as stored: kept from a seed or state file, but only when well-formed. */
function serverFields(item: unknown): SyncServerFields {
  if (!isObject(item)) return {};
  const out: SyncServerFields = {};
  if (item.lastSync !== undefined) {
    if (typeof item.lastSync !== 'string') throw new Error('lastSync must be a string');
    out.lastSync = item.lastSync;
  }
  if (item.syncStatus !== undefined) {
    if (!WIRE_SYNC_STATUS.includes(item.syncStatus as WireSyncStatus)) {
      throw new Error(`syncStatus must be one of ${WIRE_SYNC_STATUS.join(', ')}`);
    }
    out.syncStatus = item.syncStatus as WireSyncStatus;
  }
  return out;
}

export function buildSnapshot(
  directory: Directory,
  raw: RawObjects,
  labels: RawLabels,
  fail: FailFn,
): SimSnapshot {
  const store = new SimStore(directory);
  store.setMfaEnabled(raw.mfaEnabled);
  raw.syncs.forEach((item, i) => {
    try {
      store.createSync(parseIdentitySyncInfo({ identitySync: item }), serverFields(item));
    } catch (err) {
      throw fail(`${labels.syncs}[${i}]`, reasonOf(err));
    }
  });
  raw.connections.forEach((item, i) => {
    try {
      store.createConnection(parseMfaInfo({ mfa: item }));
    } catch (err) {
      throw fail(`${labels.connections}[${i}]`, reasonOf(err));
    }
  });
  const policy = new PolicyStore(store);
  policy.defaultMfaRule = raw.defaultMfaRule;
  loadPolicy(policy, raw.policy, labels.policy, fail);
  return { ...store.snapshot(), ...policy.snapshot() };
}
