/**
 * The Duo-connection kind as the planner, reader and executor see it. Normalization, the description marker
 * and the wire body are in `duo-connection.ts`; this file says how the kind is diffed, read, written and
 * re-read.
 *
 * The reader reads in detail only the connections the file names; the others come from the list, enough for
 * names and references (unmanaged objects, and what a rule may point at), and nothing of them is compared.
 */

import type { WireMfaInfoRequest, WireMfaSummary } from '../client/wire-types';
import { hashJson, type WriteChange } from '../model/plan';
import { printable } from '../model/printable';
import type { DuoConnection, SKeyFingerprints } from '../model/state';
import {
  API_HOST_CHANGE_REASON,
  connectionFromSummary,
  DELETE_CONNECTION_REASON,
  duoConnectionFromWire,
  duoConnectionToWire,
} from './duo-connection';
import { duoConnectionPreflight } from './duo-connection-preflight';
import { heldSecretNotes, keptForHeldName, nameHeldSecret } from './held-secrets';
import { keyedAfterApply } from './keyed-after-apply';
import { readDetails } from './read-details';
import { type FieldSpec, fieldEquals, type NamedKind, type ResourceSpec } from './resource-spec';

export type DuoConnectionWrite<A extends 'create' | 'update' = 'create' | 'update'> = A extends unknown
  ? WriteChange<'duo-connection', A, WireMfaInfoRequest, DuoConnection>
  : never;

declare module '../model/plan' {
  interface ChangeTypes {
    'duo-connection': DuoConnectionWrite | ChangeCommon<'duo-connection', 'delete'>;
  }
}

const SKEYS_LABEL = 'adminApi.skey, authApi.skey';

/** Which sKeys differ, where ISE returned both in clear; a marker holds them together, so then both. */
function changedSkeys(live: SKeyFingerprints | null, want: SKeyFingerprints | null): string {
  if (!live || !want) return SKEYS_LABEL;
  const changed = [
    ...(live.admin === want.admin ? [] : ['adminApi.skey']),
    ...(live.auth === want.auth ? [] : ['authApi.skey']),
  ];
  return changed.length ? changed.join(', ') : SKEYS_LABEL;
}

const FIELDS: ReadonlyArray<FieldSpec<DuoConnection>> = [
  { key: 'description', label: 'description' },
  { key: 'identitySync', label: 'identitySync' },
  { key: 'types', label: 'types' },
  { key: 'apiHostName', label: 'apiHostName', critical: API_HOST_CHANGE_REASON },
  { key: 'adminIkeyFingerprint', label: 'adminApi.ikey', sensitive: true },
  { key: 'authIkeyFingerprint', label: 'authApi.ikey', sensitive: true },
  {
    key: 'secretKeysFingerprint',
    label: SKEYS_LABEL,
    sensitive: true,
    changedLabel: (live, want) => changedSkeys(live.sKeyFingerprints, want.sKeyFingerprints),
  },
];

const sameFields = (live: DuoConnection, want: DuoConnection) =>
  FIELDS.every((f) => fieldEquals(f, live[f.key], want[f.key]));

const duoConnectionByName: NamedKind = {
  collection: 'duoConnections',
  list: 'listDuoConnections',
  get: 'getDuoConnection',
};

export const duoConnectionSpec: ResourceSpec<'duo-connection', DuoConnection> = {
  kind: 'duo-connection',
  // Each object has its own URL and body; none names another of its kind.
  independentWrites: true,
  api: {
    client: [
      'listDuoConnections',
      'getDuoConnection',
      'createDuoConnection',
      'updateDuoConnection',
      'deleteDuoConnection',
    ],
    routes: [
      'GET /api/v1/duo-mfa/mfa',
      'GET /api/v1/duo-mfa/mfa/corp-duo',
      'POST /api/v1/duo-mfa/mfa',
      'PUT /api/v1/duo-mfa/mfa/corp-duo',
      'DELETE /api/v1/duo-mfa/mfa/corp-duo',
    ],
  },
  byName: duoConnectionByName,
  keyOf: (c) => c.name,
  fields: FIELDS,
  serverOwnedWireFields: ['provider'],
  writeOnlyWireFields: [
    'accountConfigurations.adminApi.sKey',
    'accountConfigurations.authenticationApi.sKey',
  ],
  label: (name) => `duo-connection "${printable(name)}"`,
  title: (name) => `duo-connection "${printable(name)}"`,
  showsFields: true,
  plan(desired, live, tools) {
    const diff = tools.keyed(duoConnectionSpec, desired.duoConnections, live.duoConnections, {
      prune: desired.prune,
      deleteReason: DELETE_CONNECTION_REASON,
      caseTwins: live.caseTwins,
    });
    const writes = diff.writes.map(
      ({ action, want, fields, critical }): DuoConnectionWrite => ({
        kind: 'duo-connection',

        action,
        name: want.name,
        fields,
        ...(critical ? { critical } : {}),
        body: duoConnectionToWire(want),
        after: want,
      }),
    );
    const kept = diff.deletes.filter((d) => nameHeldSecret(d.name));
    const deletes = diff.deletes
      .filter((d) => !nameHeldSecret(d.name))
      .map(({ name, critical }) => ({
        kind: 'duo-connection' as const,
        action: 'delete' as const,
        name,
        fields: [],
        ...(critical ? { critical } : {}),
      }));
    const notes = [
      ...diff.notes,
      ...heldSecretNotes(live.duoConnections, (c) => duoConnectionSpec.label(c.name), live.heldSecrets),
      ...kept.map((d) => keptForHeldName(duoConnectionSpec.label(d.name))),
    ];
    for (const want of desired.duoConnections) {
      const have = live.duoConnections.find((c) => c.name === want.name);
      const updating = writes.some((c) => c.name === want.name);
      if (have && have.secretKeysFingerprint === null && !updating) {
        notes.push(
          `duo-connection "${want.name}": ISE does not return its sKeys and they carry no ise-duo fingerprint, ` +
            'so they cannot be compared with the file; they are written with the next change to this connection.',
        );
      }
    }
    return {
      changes: [...writes, ...deletes],
      unmanaged: [...diff.unmanaged, ...kept.map((d) => d.name)].map((name) => ({
        kind: 'duo-connection',
        name,
      })),
      notes,
    };
  },
  read(client, scope, state) {
    let listed: WireMfaSummary[] = [];
    return {
      list: async () => {
        listed = await client.listDuoConnections();
      },
      detail: async () => {
        state.duoConnections = await readDetails({
          kind: 'duo-connection',
          wanted: scope.duoConnections,
          listed,
          get: (name) => client.getDuoConnection(name),
          fromWire: duoConnectionFromWire,
          fromSummary: connectionFromSummary,
          state,
        });
      },
      fingerprints: () =>
        Object.fromEntries(state.duoConnections.map((c) => [`duo-connection/${c.name}`, hashJson(c)])),
    };
  },
  afterApply: (touched) => keyedAfterApply('duo-connection', duoConnectionByName, touched),
  preflight: duoConnectionPreflight,
  handlers: {
    create: (c, { client }) => client.createDuoConnection(c.body),
    update: (c, { client }) => client.updateDuoConnection(c.name, c.body),
    delete: (c, { client }) => client.deleteDuoConnection(c.name),
  },
  async tookEffect(client, change) {
    const present = (await client.listDuoConnections()).some((o) => o.name === change.name);
    if (change.action === 'delete') return present ? 'other' : 'as-planned';
    if (!present) return 'absent';
    const held = duoConnectionFromWire(await client.getDuoConnection(change.name), change.name);
    return sameFields(held, change.after) ? 'as-planned' : 'other';
  },
};
