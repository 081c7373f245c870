/**
 * The identity-sync kind as the planner, reader and executor see it. Normalization and the wire body are in
 * `identity-sync.ts`; this file says how the kind is diffed, read, written and re-read.
 *
 * Join points are named in the file and resolved to ISE's directoryID and domain from `GET activedirectories`,
 * which ISE answers only while MFA is on: a plan made while it is off leaves them unresolved, and the create
 * handler fills them in at apply time (the enable step runs first).
 */

import type { WireIdentitySyncInfo, WireIdentitySyncSummary } from '../client/wire-types';
import {
  type Change,
  canonicalJson,
  hashJson,
  type PendingAction,
  RUN_SYNC_ALWAYS,
  type WriteChange,
} from '../model/plan';
import { printable } from '../model/printable';
import type { DesiredState, IdentitySync, LiveState } from '../model/state';
import { joinPointsFromWire } from './active-directories';
import { heldSecretNotes, keptForHeldName, nameHeldSecret } from './held-secrets';
import {
  identitySyncFromWire,
  identitySyncToWire,
  resolveActiveDirectories,
  sameActiveDirectories,
} from './identity-sync';
import { keyedAfterApply } from './keyed-after-apply';
import { readDetails } from './read-details';
import type { FieldSpec, NamedKind, ResourceSpec, WriteContext } from './resource-spec';

export type IdentitySyncWrite<A extends 'create' | 'update' = 'create' | 'update'> = A extends unknown
  ? WriteChange<'identity-sync', A, WireIdentitySyncInfo, IdentitySync>
  : never;

declare module '../model/plan' {
  interface ChangeTypes {
    'identity-sync': IdentitySyncWrite | ChangeCommon<'identity-sync', 'delete'>;
  }
}

const FIELDS: ReadonlyArray<FieldSpec<IdentitySync>> = [
  { key: 'activeDirectories', label: 'activeDirectories', equals: sameActiveDirectories },
  { key: 'adGroups', label: 'adGroups' },
  { key: 'schedule', label: 'schedule' },
];

/** Desired join points with the directoryID and domain ISE reports for them (where ISE could be read). */
function resolveSyncs(desired: IdentitySync[], live: LiveState): IdentitySync[] {
  if (!live.objectsReadable) return desired;
  return desired.map((s) => ({
    ...s,
    activeDirectories: resolveActiveDirectories(s.activeDirectories, live.activeDirectories).resolved,
  }));
}

function syncFromSummary(s: WireIdentitySyncSummary): IdentitySync {
  return { name: s.name ?? '', activeDirectories: [], adGroups: [], schedule: null };
}

/** A sync planned while MFA was off names join points ISE could not list then: fill them in now. */
async function resolvedSyncBody(change: IdentitySyncWrite, ctx: WriteContext): Promise<WireIdentitySyncInfo> {
  const body = structuredClone(change.body);
  const dirs = body.identitySync?.configurations?.activeDirectories ?? [];
  if (dirs.every((d) => d.directoryID)) return body;
  const catalogue = await ctx.activeDirectories();
  for (const d of dirs) {
    if (d.directoryID) continue;
    const found = catalogue.find((c) => c.name === d.name);
    if (!found) {
      throw new Error(
        `identity sync "${change.name}" names AD join point "${d.name}", which ISE does not have ` +
          `(known: ${catalogue.map((c) => c.name).join(', ') || 'none'}). Join it in ISE or fix the file.`,
      );
    }
    d.directoryID = found.directoryID;
    d.domain = found.domain;
  }
  return body;
}

/** Join points are compared by name here: the plan may not have known their directoryIDs. */
function syncMatches(live: IdentitySync, want: IdentitySync): boolean {
  const names = (s: IdentitySync) => s.activeDirectories.map((d) => d.name);
  return (
    canonicalJson(names(live)) === canonicalJson(names(want)) &&
    FIELDS.slice(1).every((f) => canonicalJson(live[f.key]) === canonicalJson(want[f.key]))
  );
}

/** The sync runs each sync's `runSync` policy asks for: always, or once it is created or its members change. */
function syncRuns(desired: DesiredState, changes: readonly Change[]): PendingAction[] {
  const actions: PendingAction[] = [];
  for (const sync of desired.identitySyncs) {
    const policy = desired.runSync[sync.name] ?? 'onChange';
    if (policy === 'never') continue;
    const change = changes.find((c) => c.kind === 'identity-sync' && c.name === sync.name);
    const membersChanged = change?.fields.some((f) => /^(adGroups|activeDirectories)/.test(f.field));
    if (policy === 'always') actions.push({ type: 'run-sync', name: sync.name, reason: RUN_SYNC_ALWAYS });
    else if (change?.action === 'create')
      actions.push({ type: 'run-sync', name: sync.name, reason: 'created' });
    else if (membersChanged) actions.push({ type: 'run-sync', name: sync.name, reason: 'groups changed' });
  }
  return actions;
}

const identitySyncByName: NamedKind = {
  collection: 'identitySyncs',
  list: 'listIdentitySyncs',
  get: 'getIdentitySync',
};

export const identitySyncSpec: ResourceSpec<'identity-sync', IdentitySync> = {
  kind: 'identity-sync',
  // Each object has its own URL and body; none names another of its kind.
  independentWrites: true,
  api: {
    client: [
      'listIdentitySyncs',
      'getIdentitySync',
      'createIdentitySync',
      'updateIdentitySync',
      'deleteIdentitySync',
      'listActiveDirectories',
    ],
    routes: [
      'GET /api/v1/duo-identitysync/identitysync',
      'GET /api/v1/duo-identitysync/identitysync/corp-ad',
      'POST /api/v1/duo-identitysync/identitysync',
      'PUT /api/v1/duo-identitysync/identitysync/corp-ad',
      'DELETE /api/v1/duo-identitysync/identitysync/corp-ad',
      'GET /api/v1/duo-identitysync/activedirectories',
    ],
  },
  byName: identitySyncByName,
  keyOf: (s) => s.name,
  fields: FIELDS,
  serverOwnedWireFields: ['lastSync', 'syncStatus', 'adGroups[].sid'],
  writeOnlyWireFields: [],
  label: (name) => `identity-sync "${printable(name)}"`,
  title: (name) => `identity-sync "${printable(name)}"`,
  showsFields: true,
  plan(desired, live, tools) {
    const diff = tools.keyed(
      identitySyncSpec,
      resolveSyncs(desired.identitySyncs, live),
      live.identitySyncs,
      {
        prune: desired.prune,
        caseTwins: live.caseTwins,
      },
    );
    const kept = diff.deletes.filter((d) => nameHeldSecret(d.name));
    return {
      changes: [
        ...diff.writes.map(
          ({ action, want, fields, critical }): IdentitySyncWrite => ({
            kind: 'identity-sync',

            action,
            name: want.name,
            fields,
            ...(critical ? { critical } : {}),
            body: identitySyncToWire(want),
            after: want,
          }),
        ),
        ...diff.deletes
          .filter((d) => !nameHeldSecret(d.name))
          .map(({ name }) => ({
            kind: 'identity-sync' as const,
            action: 'delete' as const,
            name,
            fields: [],
          })),
      ],
      unmanaged: [...diff.unmanaged, ...kept.map((d) => d.name)].map((name) => ({
        kind: 'identity-sync',
        name,
      })),
      notes: [
        ...diff.notes,
        ...heldSecretNotes(live.identitySyncs, (s) => identitySyncSpec.label(s.name), live.heldSecrets),
        ...heldSecretNotes(live.activeDirectories, (d) => `AD join point "${d.name}"`, live.heldSecrets),
        ...kept.map((d) => keptForHeldName(identitySyncSpec.label(d.name))),
      ],
    };
  },
  actions: syncRuns,
  read(client, scope, state) {
    let listed: WireIdentitySyncSummary[] = [];
    return {
      // The join points are asked for beside the two lists, not beside the feature switch: the switch is
      // the read's first request and goes alone (`src/client/login-gate.ts`), and while MFA is off ISE
      // refuses this list with 403, so asking after the switch's answer saves that GET too.
      list: async () => {
        // Both settle before a failure is raised, so that no request outlives the read.
        const [syncs, directories] = await Promise.allSettled([
          client.listIdentitySyncs(),
          scope.activeDirectories ? client.listActiveDirectories() : Promise.resolve([]),
        ]);
        if (syncs.status === 'rejected') throw syncs.reason;
        if (directories.status === 'rejected') throw directories.reason;
        listed = syncs.value;
        state.activeDirectories = joinPointsFromWire(directories.value).sort((a, b) =>
          a.name < b.name ? -1 : 1,
        );
      },
      detail: async () => {
        state.identitySyncs = await readDetails({
          kind: 'identity-sync',
          wanted: scope.identitySyncs,
          listed,
          get: (name) => client.getIdentitySync(name),
          fromWire: identitySyncFromWire,
          fromSummary: syncFromSummary,
          state,
        });
      },
      fingerprints: () =>
        Object.fromEntries(state.identitySyncs.map((s) => [`identity-sync/${s.name}`, hashJson(s)])),
    };
  },
  afterApply(touched, scope, before) {
    const keyed = keyedAfterApply('identity-sync', identitySyncByName, touched);
    // The join points are listed again only if the plan could not list them (the apply turned MFA on).
    const directories = scope.activeDirectories && !before.objectsReadable;
    return {
      reads: [...keyed.reads, ...(directories ? [{ method: 'listActiveDirectories' as const }] : [])],
      scope: { ...keyed.scope, activeDirectories: directories },
      keep(after, earlier) {
        keyed.keep(after, earlier);
        if (!directories) after.activeDirectories = earlier.activeDirectories;
      },
    };
  },
  // A sync planned while MFA was off names join points ISE could not list then: the apply lists them.
  readsOnceOpen: (change) =>
    change.action !== 'delete' &&
    (change.body.identitySync?.configurations?.activeDirectories ?? []).some((d) => !d.directoryID)
      ? [{ method: 'listActiveDirectories' }]
      : [],
  handlers: {
    create: async (c, ctx) => ctx.client.createIdentitySync(await resolvedSyncBody(c, ctx)),
    update: async (c, ctx) => ctx.client.updateIdentitySync(c.name, await resolvedSyncBody(c, ctx)),
    delete: (c, { client }) => client.deleteIdentitySync(c.name),
  },
  async tookEffect(client, change) {
    const present = (await client.listIdentitySyncs()).some((o) => o.name === change.name);
    if (change.action === 'delete') return present ? 'other' : 'as-planned';
    if (!present) return 'absent';
    const held = identitySyncFromWire(await client.getIdentitySync(change.name), change.name);
    return syncMatches(held, change.after) ? 'as-planned' : 'other';
  },
};
