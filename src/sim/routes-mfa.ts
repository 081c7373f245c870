/**
 * The eight duo-mfa operations (#1–#8 of the contract), in the shapes Cisco's spec gives: a bare `{status}`,
 * a `{response: MfaGetAllInfo[], version}` list, a double-wrapped `{response: {mfa}, version}` get, and JSON
 * strings for every write. `sKey` values are rendered per the secrets mode; ikeys are always in the clear.
 */
import type { WireMfaConnection, WireMfaSummary } from '../client/wire-types';
import { TEST_FAILED, TEST_PASSED } from './directory';
import { errorResponse, ok } from './http';
import { API_VERSION, type Route, route } from './router';
import { MASKED_SECRET, type SecretsMode } from './types';
import { parseAccountConfigurations, parseEnable, parseMfaInfo } from './validate';

const BASE = '/api/v1/duo-mfa';

export function renderConnection(conn: WireMfaConnection, secrets: SecretsMode): WireMfaConnection {
  if (secrets === 'clear') return conn;
  for (const api of [conn.accountConfigurations?.adminApi, conn.accountConfigurations?.authenticationApi]) {
    if (api?.sKey === undefined) continue;
    if (secrets === 'masked') api.sKey = MASKED_SECRET;
    else delete api.sKey;
  }
  return conn;
}

function summary(conn: WireMfaConnection): WireMfaSummary {
  const out: WireMfaSummary = { name: conn.connectionName, provider: 'Duo' };
  if (conn.accountConfigurations?.apiHostName !== undefined)
    out.apiHostName = conn.accountConfigurations.apiHostName;
  if (conn.identitySync !== undefined) out.identitySync = conn.identitySync;
  if (conn.type !== undefined) out.type = conn.type;
  return out;
}

export const mfaRoutes: Route[] = [
  route('GET', `${BASE}/status`, false, ({ store }) => ok({ status: store.mfaEnabled })),
  route('PUT', `${BASE}/enable`, false, ({ store, body }) => {
    const enabled = parseEnable(body);
    store.setMfaEnabled(enabled);
    return ok(enabled ? 'MFA feature enabled' : 'MFA feature disabled');
  }),
  route('GET', `${BASE}/mfa`, true, ({ store }) =>
    ok({ response: store.listConnections().map(summary), version: API_VERSION }),
  ),
  route('POST', `${BASE}/mfa`, true, ({ store, body }) => {
    store.createConnection(parseMfaInfo(body));
    return ok('Duo-MFA configuration created successfully');
  }),
  route('POST', `${BASE}/mfa/testconnection/:name`, true, ({ store, body, params }) => {
    const given = body === undefined || body === null ? {} : parseAccountConfigurations(body, 'Request body');
    const passed = store.testConnection(params[0], Object.keys(given).length ? given : undefined);
    return passed ? ok(TEST_PASSED) : errorResponse(400, TEST_FAILED);
  }),
  route('GET', `${BASE}/mfa/:name`, true, ({ store, params, secrets }) => {
    const mfa = renderConnection(store.getConnection(params[0]), secrets);
    return ok({ response: { mfa }, version: API_VERSION });
  }),
  route('PUT', `${BASE}/mfa/:name`, true, ({ store, body, params }) => {
    store.updateConnection(params[0], parseMfaInfo(body));
    return ok('Successfully updated the Duo-MFA configuration');
  }),
  // DELETE of an unknown name answers 404 like GET and PUT, although the spec declares no 404 for DELETE;
  // the seed switch unknownDeleteStatus: 500 plays the declared error instead.
  route('DELETE', `${BASE}/mfa/:name`, true, ({ store, params }) => {
    store.deleteConnection(params[0]);
    return ok('Successfully deleted the Duo-MFA configuration');
  }),
];
