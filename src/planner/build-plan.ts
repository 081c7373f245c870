/**
 * buildPlan: the whole diff, as a pure function of the desired state and the live state. It does no I/O,
 * reads no clock and no environment, and takes no logger, so the same inputs always give the same plan and
 * every rule can be tested with plain tables.
 */
import {
  type Change,
  hashJson,
  type PendingAction,
  type Plan,
  type PlanInputs,
  signPlan,
  type UnmanagedObject,
} from '../model/plan';
import type { DesiredState, DuoConnection, IdentitySync, LiveState } from '../model/state';
import {
  DELETE_CONNECTION_REASON,
  duoConnectionSpec,
  duoConnectionToWire,
} from '../resources/duo-connection';
import { identitySyncSpec, identitySyncToWire, resolveActiveDirectories } from '../resources/identity-sync';
import { DISABLE_MFA_REASON, mfaSpec, mfaToWire } from '../resources/mfa';
import type { ResourceSpec } from '../resources/resource-spec';
import { criticalReason, diffFields } from './diff-fields';
import { orderChanges } from './order';

export interface PlanOptions {
  /** The ISE base URL, recorded in the plan so that it cannot be applied to another ISE. */
  target: string;
  /** The desired-state file as the user named it (recorded for `apply --plan`). */
  desiredFile: string;
  /** Fingerprints of the file and environment read, recorded for explaining a refused saved plan. */
  inputs?: PlanInputs;
}

/** What the desired state amounts to, for telling whether a saved plan's file has changed since. */
export function desiredFingerprint(desired: DesiredState): string {
  const { mfa, identitySyncs, duoConnections, mfaPolicies, prune, runSync } = desired;
  return hashJson({ mfa, identitySyncs, duoConnections, mfaPolicies, prune, runSync });
}

function mfaChanges(desired: DesiredState, live: LiveState): Change[] {
  if (desired.mfa.enabled === live.mfa.enabled) return [];
  const enable = desired.mfa.enabled;
  const change: Change = {
    kind: 'mfa',
    action: enable ? 'enable' : 'disable',
    name: 'mfa',
    fields: diffFields(mfaSpec, live.mfa, desired.mfa),
    body: mfaToWire(enable),
  };
  if (!enable) change.critical = DISABLE_MFA_REASON;
  return [change];
}

interface KindRules<T> {
  spec: ResourceSpec<T>;
  toWire(obj: T): unknown;
  deleteReason?: string;
}

function kindChanges<T extends { name: string }>(
  rules: KindRules<T>,
  desired: T[],
  live: T[],
  prune: boolean,
): { changes: Change[]; unmanaged: string[] } {
  const changes: Change[] = [];
  const liveByName = new Map(live.map((o) => [o.name, o]));
  const kind = rules.spec.kind;
  for (const want of desired) {
    const have = liveByName.get(want.name) ?? null;
    const fields = diffFields(rules.spec, have, want);
    if (have && fields.length === 0) continue;
    const change: Change = { kind, action: have ? 'update' : 'create', name: want.name, fields };
    change.body = rules.toWire(want);
    change.after = want;
    const critical = have ? criticalReason(rules.spec, fields) : undefined;
    if (critical) change.critical = critical;
    changes.push(change);
  }
  const wanted = new Set(desired.map((o) => o.name));
  const extra = live.filter((o) => !wanted.has(o.name)).map((o) => o.name);
  if (!prune) return { changes, unmanaged: extra };
  for (const name of extra) {
    const change: Change = { kind, action: 'delete', name, fields: [] };
    if (rules.deleteReason) change.critical = rules.deleteReason;
    changes.push(change);
  }
  return { changes, unmanaged: [] };
}

/** Desired join points with the directoryID and domain ISE reports for them (where ISE could be read). */
function resolveSyncs(desired: IdentitySync[], live: LiveState): IdentitySync[] {
  if (!live.objectsReadable) return desired;
  return desired.map((s) => ({
    ...s,
    activeDirectories: resolveActiveDirectories(s.activeDirectories, live.activeDirectories).resolved,
  }));
}

function syncActions(desired: DesiredState, changes: Change[]): PendingAction[] {
  const actions: PendingAction[] = [];
  for (const sync of desired.identitySyncs) {
    const policy = desired.runSync[sync.name] ?? 'onChange';
    if (policy === 'never') continue;
    const change = changes.find((c) => c.kind === 'identity-sync' && c.name === sync.name);
    const membersChanged = change?.fields.some((f) => /^(adGroups|activeDirectories)/.test(f.field));
    if (policy === 'always') actions.push({ type: 'run-sync', name: sync.name, reason: 'runSync: always' });
    else if (change?.action === 'create')
      actions.push({ type: 'run-sync', name: sync.name, reason: 'created' });
    else if (membersChanged) actions.push({ type: 'run-sync', name: sync.name, reason: 'groups changed' });
  }
  return actions;
}

function planNotes(desired: DesiredState, live: LiveState, changes: Change[]): string[] {
  const notes: string[] = [];
  if (!live.mfa.enabled && desired.mfa.enabled) {
    notes.push(
      'MFA is off on ISE, so its identity syncs and Duo connections could not be read; none are assumed.',
    );
  }
  for (const want of desired.duoConnections) {
    const have = live.duoConnections.find((c) => c.name === want.name);
    const updating = changes.some((c) => c.kind === 'duo-connection' && c.name === want.name);
    if (have && have.secretKeysFingerprint === null && !updating) {
      notes.push(
        `duo-connection "${want.name}": ISE does not return its sKeys and they carry no ise-duo fingerprint, ` +
          'so they cannot be compared with the file; they are written with the next change to this connection.',
      );
    }
  }
  return notes;
}

export function buildPlan(desired: DesiredState, live: LiveState, options: PlanOptions): Plan {
  const syncs = kindChanges<IdentitySync>(
    { spec: identitySyncSpec, toWire: identitySyncToWire },
    resolveSyncs(desired.identitySyncs, live),
    live.identitySyncs,
    desired.prune,
  );
  const connections = kindChanges<DuoConnection>(
    { spec: duoConnectionSpec, toWire: duoConnectionToWire, deleteReason: DELETE_CONNECTION_REASON },
    desired.duoConnections,
    live.duoConnections,
    desired.prune,
  );
  const changes = orderChanges([...mfaChanges(desired, live), ...syncs.changes, ...connections.changes]);
  const unmanaged: UnmanagedObject[] = [
    ...syncs.unmanaged.map((name) => ({ kind: 'identity-sync' as const, name })),
    ...connections.unmanaged.map((name) => ({ kind: 'duo-connection' as const, name })),
  ];
  return signPlan({
    formatVersion: 1,
    target: options.target,
    desiredFile: options.desiredFile,
    desiredFingerprint: desiredFingerprint(desired),
    liveFingerprints: live.fingerprints,
    ...(options.inputs ? { inputs: options.inputs } : {}),
    changes,
    unmanaged,
    actions: syncActions(desired, changes),
    notes: planNotes(desired, live, changes),
  });
}
