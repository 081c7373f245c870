/**
 * A validated desired-state file -> the normalized `DesiredState` the planner compares with live state.
 * Normalizing here, once, is what lets the planner compare with plain deep equality: names trimmed, sets
 * sorted and de-duplicated (by code unit, not locale, so every machine sorts alike), defaults filled in,
 * host names lower-cased, paths absolute, and secrets boxed so they cannot leak when the state is printed.
 */
import { dirname, resolve } from 'node:path';
import {
  type DuoKeyField,
  ikeyFingerprint,
  Secret,
  SecretStore,
  secretRef,
  sKeyFingerprints,
  sKeysFingerprint,
} from '../model/secret';
import type {
  AdGroupRef,
  DesiredState,
  DuoConnection,
  IdentitySync,
  RunSyncPolicy,
  TargetSettings,
} from '../model/state';
import { CONNECTION_TYPES } from '../model/state';
import type { DesiredFile, DuoConnectionEntry, IdentitySyncEntry, IseBlock } from './file-types';
import { normalizeMfaPolicies } from './normalize-rules';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()))].sort(byCodeUnits);
}

function normalizeTarget(ise: IseBlock | undefined, file: string, secrets: ReadonlyMap<string, string>) {
  const target: TargetSettings = {};
  if (!ise) return target;
  if (ise.url !== undefined) target.url = ise.url.trim().replace(/\/$/, '');
  if (ise.username !== undefined) target.username = ise.username;
  const password = secrets.get('/ise/password');
  if (password !== undefined) target.password = new Secret(password);
  if (ise.caFile !== undefined) target.caFile = resolve(dirname(resolve(file)), ise.caFile);
  if (ise.insecure !== undefined) target.insecure = ise.insecure;
  if (ise.requestTimeoutSeconds !== undefined) target.requestTimeoutMs = ise.requestTimeoutSeconds * 1000;
  if (ise.connectTimeoutSeconds !== undefined) target.connectTimeoutMs = ise.connectTimeoutSeconds * 1000;
  return target;
}

function normalizeGroups(groups: IdentitySyncEntry['adGroups']): AdGroupRef[] {
  const unique = new Map<string, AdGroupRef>();
  for (const g of groups) {
    const group = { source: g.source.trim(), name: g.name.trim() };
    unique.set(JSON.stringify([group.source, group.name]), group);
  }
  return [...unique.values()].sort((a, b) => byCodeUnits(a.source, b.source) || byCodeUnits(a.name, b.name));
}

function normalizeSync(entry: IdentitySyncEntry): IdentitySync {
  return {
    name: entry.name.trim(),
    activeDirectories: uniqueSorted(entry.activeDirectories).map((name) => ({ name })),
    adGroups: normalizeGroups(entry.adGroups),
    schedule: entry.schedule
      ? { every: entry.schedule.every, unit: entry.schedule.unit, start: entry.schedule.start.trim() }
      : null,
  };
}

/** Puts the four key values into the store and returns the connection with their fingerprints. */
function normalizeConnection(
  entry: DuoConnectionEntry,
  index: number,
  secrets: ReadonlyMap<string, string>,
  store: SecretStore,
): DuoConnection {
  const name = entry.name.trim();
  const keys: Record<DuoKeyField, string> = {
    'adminApi.ikey': entry.adminApi.ikey,
    'adminApi.skey': secrets.get(`/duoConnections/${index}/adminApi/skey`) ?? '',
    'authApi.ikey': entry.authApi.ikey,
    'authApi.skey': secrets.get(`/duoConnections/${index}/authApi/skey`) ?? '',
  };
  for (const [field, value] of Object.entries(keys) as Array<[DuoKeyField, string]>) {
    store.set(secretRef(name, field), new Secret(value));
  }
  const types = CONNECTION_TYPES.filter((t) => entry.types.includes(t));
  return {
    name,
    description: entry.description?.trim() ?? '',
    identitySync: entry.identitySync.trim(),
    types,
    apiHostName: entry.apiHostName.trim().toLowerCase(),
    adminIkeyFingerprint: ikeyFingerprint(name, 'adminApi.ikey', keys['adminApi.ikey']),
    authIkeyFingerprint: ikeyFingerprint(name, 'authApi.ikey', keys['authApi.ikey']),
    secretKeysFingerprint: sKeysFingerprint(name, keys['adminApi.skey'], keys['authApi.skey']),
    sKeyFingerprints: sKeyFingerprints(name, keys['adminApi.skey'], keys['authApi.skey']),
  };
}

/**
 * `file` must have passed validation with no errors; `secrets` holds the resolved secret values by
 * pointer; `sourceFile` is the path the file was read from (relative `caFile`s resolve against its folder).
 */
export function normalizeDesired(
  file: DesiredFile,
  secrets: ReadonlyMap<string, string>,
  sourceFile: string,
): DesiredState {
  const syncEntries = file.identitySyncs ?? [];
  const store = new SecretStore();
  const runSync: Record<string, RunSyncPolicy> = {};
  for (const entry of syncEntries) runSync[entry.name.trim()] = entry.runSync ?? 'onChange';
  const byName = <T extends { name: string }>(a: T, b: T) => byCodeUnits(a.name, b.name);
  return {
    file: sourceFile,
    target: normalizeTarget(file.ise, sourceFile, secrets),
    mfa: { enabled: file.mfa.enabled },
    identitySyncs: syncEntries.map(normalizeSync).sort(byName),
    duoConnections: (file.duoConnections ?? [])
      .map((c, i) => normalizeConnection(c, i, secrets, store))
      .sort(byName),
    mfaPolicies: normalizeMfaPolicies(file.mfaPolicies),
    prune: file.prune ?? false,
    runSync,
    secrets: store,
  };
}
