/**
 * Small builders for planner tests: desired state as the loader would produce it, and live state built the
 * way the reader builds it (wire shape → fromWire), so that normalization is exercised too.
 */
import type { WireIdentitySync, WireMfaConnection } from '../../src/client/wire-types';
import { hashJson, type Plan } from '../../src/model/plan';
import {
  ikeyFingerprint,
  Secret,
  SecretStore,
  secretRef,
  sKeyFingerprints,
  sKeysFingerprint,
} from '../../src/model/secret';
import type { DesiredState, DuoConnection, IdentitySync, LiveState } from '../../src/model/state';
import { duoConnectionFromWire, renderDescription } from '../../src/resources/duo-connection';
import { identitySyncFromWire } from '../../src/resources/identity-sync';

export const KEYS = {
  adminIkey: 'DIADMINIKEY000000001',
  adminSkey: 'admin-skey-canary-0000000000000000000001',
  authIkey: 'DIAUTHIKEY0000000001',
  authSkey: 'auth-skey-canary-00000000000000000000001',
};

export const CORP_AD = {
  name: 'CORP_AD',
  directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6',
  domain: 'corp.example.com',
};
export const LAB_AD = {
  name: 'LAB_AD',
  directoryID: '0a1b2c3d-d0f6-11ee-9fe9-4ed55d83a1a6',
  domain: 'lab.example.com',
};

export function aSync(name = 'corp-ad', over: Partial<IdentitySync> = {}): IdentitySync {
  return {
    name,
    activeDirectories: [{ name: 'CORP_AD' }],
    adGroups: [
      { source: 'CORP_AD', name: 'corp.example.com/Users/Network Admins' },
      { source: 'CORP_AD', name: 'corp.example.com/Users/VPN Users' },
    ],
    schedule: null,
    ...over,
  };
}

export function aConnection(
  name = 'corp-duo',
  over: Partial<DuoConnection> = {},
  keys = KEYS,
): DuoConnection {
  return {
    name,
    description: 'Duo for VPN',
    identitySync: 'corp-ad',
    types: ['TACACS', 'VPN'],
    apiHostName: 'api-1a2b3c4d.duosecurity.com',
    adminIkeyFingerprint: ikeyFingerprint(name, 'adminApi.ikey', keys.adminIkey),
    authIkeyFingerprint: ikeyFingerprint(name, 'authApi.ikey', keys.authIkey),
    secretKeysFingerprint: sKeysFingerprint(name, keys.adminSkey, keys.authSkey),
    sKeyFingerprints: sKeyFingerprints(name, keys.adminSkey, keys.authSkey),
    ...over,
  };
}

export function aDesired(over: Partial<DesiredState> = {}, keys = KEYS): DesiredState {
  const desired: DesiredState = {
    file: 'site.yaml',
    target: {},
    mfa: { enabled: true },
    identitySyncs: [aSync()],
    duoConnections: [aConnection('corp-duo', {}, keys)],
    mfaPolicies: [],
    prune: false,
    runSync: {},
    secrets: new SecretStore(),
    ...over,
  };
  for (const c of desired.duoConnections) {
    desired.secrets.set(secretRef(c.name, 'adminApi.ikey'), new Secret(keys.adminIkey));
    desired.secrets.set(secretRef(c.name, 'adminApi.skey'), new Secret(keys.adminSkey));
    desired.secrets.set(secretRef(c.name, 'authApi.ikey'), new Secret(keys.authIkey));
    desired.secrets.set(secretRef(c.name, 'authApi.skey'), new Secret(keys.authSkey));
  }
  return desired;
}

export type SecretsMode = 'masked' | 'clear' | 'omitted';

/** A connection as ISE would return it, after ise-duo wrote it (so with the marker). */
export function wireConnection(
  c: DuoConnection,
  mode: SecretsMode = 'masked',
  keys = KEYS,
  over: Partial<WireMfaConnection> = {},
): WireMfaConnection {
  const sKey = (v: string) => (mode === 'clear' ? v : mode === 'masked' ? '******' : undefined);
  return {
    connectionName: c.name,
    description: renderDescription(c.description, c.secretKeysFingerprint),
    identitySync: c.identitySync,
    type: [...c.types].reverse().join(','),
    accountConfigurations: {
      apiHostName: c.apiHostName.toUpperCase(),
      adminApi: { ikey: keys.adminIkey, sKey: sKey(keys.adminSkey) },
      authenticationApi: { ikey: keys.authIkey, sKey: sKey(keys.authSkey) },
    },
    ...over,
  };
}

/** A sync as ISE would return it: groups with sids, reversed order, server-owned fields, upper-case domain. */
export function wireSync(s: IdentitySync, over: Partial<WireIdentitySync> = {}): WireIdentitySync {
  const dirs = [CORP_AD, LAB_AD];
  return {
    syncName: s.name,
    configurations: {
      activeDirectories: s.activeDirectories.map((d) => {
        const found = dirs.find((x) => x.name === d.name)!;
        return { ...found, domain: found.domain.toUpperCase() };
      }),
    },
    adGroups: [...s.adGroups].reverse().map((g, i) => ({ ...g, sid: `S-1-5-21-${i}` })),
    syncSchedule: s.schedule
      ? {
          schedulerSync: 'recurring',
          interval: s.schedule.every,
          intervalUnit: s.schedule.unit,
          startDate: s.schedule.start,
        }
      : null,
    lastSync: '2026-11-27T02:00:00',
    syncStatus: 'Success',
    ...over,
  };
}

export function aLive(
  parts: { mfa?: boolean; syncs?: WireIdentitySync[]; connections?: WireMfaConnection[] } = {},
): LiveState {
  const enabled = parts.mfa ?? true;
  const identitySyncs = enabled ? (parts.syncs ?? []).map((w) => identitySyncFromWire(w)) : [];
  const duoConnections = enabled ? (parts.connections ?? []).map((w) => duoConnectionFromWire(w)) : [];
  const fingerprints: Record<string, string> = { mfa: hashJson({ enabled }) };
  for (const s of identitySyncs) fingerprints[`identity-sync/${s.name}`] = hashJson(s);
  for (const c of duoConnections) fingerprints[`duo-connection/${c.name}`] = hashJson(c);
  return {
    mfa: { enabled },
    identitySyncs,
    duoConnections,
    activeDirectories: enabled ? [CORP_AD, LAB_AD] : [],
    objectsReadable: enabled,
    fingerprints,
    mfaPolicies: [],
    otherMfaPolicies: [],
    policySetIds: {},
    libraryConditionIds: {},
  };
}

/** Live state that matches `desired` exactly, rendered the way ISE would in the given secrets mode. */
export function liveMatching(desired: DesiredState, mode: SecretsMode = 'masked'): LiveState {
  return aLive({
    mfa: desired.mfa.enabled,
    syncs: desired.identitySyncs.map((s) => wireSync(s)),
    connections: desired.duoConnections.map((c) => wireConnection(c, mode)),
  });
}

/** A plan to render: no changes, nothing unmanaged, no notes, unless `over` says otherwise. */
export function aRenderedPlan(over: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 2,
    target: 'https://ise.example.com',
    desiredFile: 'site.yaml',
    desiredFingerprint: '',
    liveFingerprints: {},
    changes: [],
    unmanaged: [],
    actions: [],
    notes: [],
    checksum: '0'.repeat(64),
    ...over,
  } as Plan;
}
