/**
 * The typed ISE client: one method per Duo API operation, each naming its path, its kind (read, write,
 * side-effect GET, connection test) and the exact response shape ISE uses for it. Transport, retries,
 * errors and secrets live in the modules this one composes; see `request.ts` for the rules they follow.
 */
import { Secret, type SecretPlaceholder } from '../model/secret';
import { ersMethods } from './ers-methods';
import { parseErrorBody, quote } from './failures';
import type { RawResponse } from './http';
import { IDS_PREFIX as IDS, MFA_PREFIX as MFA, segment } from './paths';
import { secretValues } from './placeholders';
import { policyMethods } from './policy-methods';
import { type CallSpec, call, type Engine } from './request';
import {
  bareArrayShape,
  duoConnectionShape,
  identitySyncShape,
  readJson,
  readMessage,
  type ShapeCheck,
  statusShape,
  textListShape,
} from './responses';
import { createEngine, type IseClientInternals } from './setup';
import type { ConnectionTestResult, IseClient, IseClientOptions } from './types';
import type {
  WireAccountConfigurations,
  WireActiveDirectory,
  WireAdGroup,
  WireIdentitySync,
  WireIdentitySyncInfo,
  WireIdentitySyncSummary,
  WireMfaConnection,
  WireMfaFeatureEnable,
  WireMfaInfoRequest,
  WireMfaSummary,
} from './wire-types';

export { CLIENT_DEFAULTS, type IseClientInternals } from './setup';

/** A failed connection test is an answer (ISE's `{code, message}` with 400 or 500), not an exception. */
function isTestAnswer(response: RawResponse): boolean {
  return (
    (response.status === 400 || response.status === 500) && parseErrorBody(response).iseMessage !== undefined
  );
}

export function createIseClient(options: IseClientOptions, internals: IseClientInternals = {}): IseClient {
  return buildClient(createEngine(options, internals));
}

function buildClient(engine: Engine): IseClient {
  let known: Secret[] | undefined;
  const read = async <T>(
    path: string,
    purpose: string,
    shape: ShapeCheck<T>,
    signal?: AbortSignal,
  ): Promise<T> => {
    const { response, context } = await call(engine, { kind: 'read', method: 'GET', path, purpose, signal });
    return readJson(context, response, shape);
  };
  const write = async (spec: Omit<CallSpec, 'kind'>): Promise<void> => {
    await call(engine, { ...spec, kind: 'write' });
  };
  const action = async (path: string, purpose: string, stopsWork?: true): Promise<string> => {
    const { response, context } = await call(engine, {
      kind: 'action',
      method: 'GET',
      path,
      purpose,
      stopsWork,
    });
    return readMessage(context, response);
  };
  const connection = (name: string) => `${MFA}/mfa/${segment(name, 'Duo connection name')}`;
  const sync = (name: string) => `${IDS}/identitysync/${segment(name, 'identity sync name')}`;

  return {
    readOnly: engine.readOnly,
    asReadOnly: () => buildClient({ ...engine, readOnly: true }),
    // Once per client: the store, the password and the credentials do not change while it lives.
    knownSecrets: async () => {
      known ??= secretValues(engine.secrets, engine.username, engine.password).map((v) => new Secret(v));
      return known;
    },

    getMfaStatus: () => read(`${MFA}/status`, 'reading the MFA feature status', statusShape),
    setMfaEnabled: (enabled) => {
      const body: WireMfaFeatureEnable = { mfa: { status: enabled === true } };
      return write({ method: 'PUT', path: `${MFA}/enable`, body, purpose: 'switching the MFA feature' });
    },

    listDuoConnections: () =>
      read(
        `${MFA}/mfa`,
        'listing Duo connections',
        textListShape<WireMfaSummary>(['name', 'identitySync', 'type', 'apiHostName', 'provider']),
      ),
    getDuoConnection: (name) =>
      read(connection(name), 'reading a Duo connection', duoConnectionShape<WireMfaConnection>(name)),
    createDuoConnection: (body: WireMfaInfoRequest) =>
      write({ method: 'POST', path: `${MFA}/mfa`, body, purpose: 'creating a Duo connection' }),
    updateDuoConnection: (name, body) =>
      write({ method: 'PUT', path: connection(name), body, purpose: 'updating a Duo connection' }),
    deleteDuoConnection: (name) =>
      write({ method: 'DELETE', path: connection(name), purpose: 'deleting a Duo connection' }),
    testDuoConnection: (name, body) => testConnection(engine, name, body),

    listIdentitySyncs: () =>
      read(
        `${IDS}/identitysync`,
        'listing identity syncs',
        textListShape<WireIdentitySyncSummary>(['name', 'source', 'destination']),
      ),
    getIdentitySync: (name, options) =>
      read(
        sync(name),
        'reading an identity sync',
        identitySyncShape<WireIdentitySync>(name),
        options?.signal,
      ),
    createIdentitySync: (body: WireIdentitySyncInfo) =>
      write({ method: 'POST', path: `${IDS}/identitysync`, body, purpose: 'creating an identity sync' }),
    updateIdentitySync: (name, body) =>
      write({ method: 'PUT', path: sync(name), body, purpose: 'updating an identity sync' }),
    deleteIdentitySync: (name) =>
      write({ method: 'DELETE', path: sync(name), purpose: 'deleting an identity sync' }),
    startSync: (name) =>
      action(`${IDS}/identitysync/sync/${segment(name, 'identity sync name')}`, 'starting an identity sync'),
    cancelSync: (name) =>
      action(
        `${IDS}/identitysync/sync/cancel/${segment(name, 'identity sync name')}`,
        'cancelling an identity sync',
        true,
      ),

    listActiveDirectories: () =>
      read(`${IDS}/activedirectories`, 'listing Active Directories', bareArrayShape<WireActiveDirectory>()),
    listAdGroups: (activeDirectory) =>
      read(
        `${IDS}/adgroups/${segment(activeDirectory, 'Active Directory name')}`,
        'listing AD groups',
        bareArrayShape<WireAdGroup>(),
      ),

    ...ersMethods(engine),
    ...policyMethods(engine),
  };
}

/**
 * POST testconnection. The body is AccountConfigurations, not wrapped in `mfa`. Without keys an empty object
 * is sent, which asks ISE to test the keys it has stored for `name` (an absent body risks a 400 from a
 * server that requires one). Changes no configuration; never retried.
 */
async function testConnection(
  engine: Engine,
  name: string,
  body?: WireAccountConfigurations<string | SecretPlaceholder>,
): Promise<ConnectionTestResult> {
  const path = `${MFA}/mfa/testconnection/${segment(name, 'Duo connection name')}`;
  const { response, context } = await call(engine, {
    kind: 'probe',
    method: 'POST',
    path,
    body: body ?? {},
    purpose: 'testing a Duo connection',
    isAnswer: isTestAnswer,
  });
  const ok = response.status >= 200 && response.status < 300;
  const message = ok
    ? readMessage(context, response)
    : quote(context, parseErrorBody(response).iseMessage ?? '');
  return { ok, status: response.status, message };
}
