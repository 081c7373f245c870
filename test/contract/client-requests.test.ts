/**
 * Every request the client can send, held to Cisco's OpenAPI files: each method + path must be a declared
 * operation, and each body must validate against that operation's request schema (after the client filled in
 * the secret placeholders). The mocked answers are checked against the spec's response schemas too, so the
 * shapes the client expects are Cisco's, not invented.
 */

import type { IseClient } from '../../src/client/types';
import type { WireIdentitySyncInfo, WireMfaInfoRequest } from '../../src/client/wire-types';
import nock from '../helpers/nock';
import { IseContract } from '../helpers/openapi';
import { ADMIN_SKEY_REF, AUTH_SKEY_REF, BASE, harness, resetNock } from '../unit/client/helpers';

interface Captured {
  method: string;
  path: string;
  body: unknown;
  /** The mocked answer's errors against the spec's response schema. */
  answerProblems: string[];
}

const contract = new IseContract();
const captured: Captured[] = [];

const connection: WireMfaInfoRequest = {
  mfa: {
    connectionName: 'corp duo',
    description: 'Corporate Duo tenant',
    identitySync: 'AD sync',
    type: 'VPN,TACACS',
    accountConfigurations: {
      apiHostName: 'api-1a2b3c4d.duosecurity.com',
      adminApi: { ikey: 'DIADMINIKEY000000000', sKey: { $secret: ADMIN_SKEY_REF } },
      authenticationApi: { ikey: 'DIAUTHIKEY0000000000', sKey: { $secret: AUTH_SKEY_REF } },
    },
  },
};

/** What ISE might return for the connection: the same object with keys as strings. */
const stored = {
  mfa: {
    ...connection.mfa,
    accountConfigurations: {
      apiHostName: 'api-1a2b3c4d.duosecurity.com',
      adminApi: { ikey: 'DIADMINIKEY000000000', sKey: '********' },
      authenticationApi: { ikey: 'DIAUTHIKEY0000000000', sKey: '********' },
    },
  },
};

const recurringSync: WireIdentitySyncInfo = {
  identitySync: {
    syncName: 'AD sync',
    configurations: {
      activeDirectories: [
        { directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6', domain: 'stark.local', name: 'STARK_AD' },
      ],
    },
    adGroups: [{ name: 'stark.local/Users/Domain Admins', source: 'STARK_AD' }],
    syncSchedule: {
      schedulerSync: 'recurring',
      interval: 1,
      intervalUnit: 'days',
      startDate: '2026-01-01T09:00:00',
    },
  },
};

const manualSync: WireIdentitySyncInfo = {
  identitySync: { ...recurringSync.identitySync, syncSchedule: { schedulerSync: 'none' } },
};

/** A spec-conforming answer for each read; writes get a string, as the spec declares. */
function answer(method: string, path: string): [number, unknown] {
  if (method !== 'GET') return [200, 'Successfully done'];
  if (path.endsWith('/duo-mfa/status')) return [200, { status: true }];
  if (path.endsWith('/duo-mfa/mfa'))
    return [200, { response: [{ name: 'corp duo', provider: 'Duo' }], version: '1.0.0' }];
  if (path.startsWith('/api/v1/duo-mfa/mfa/')) return [200, { response: stored, version: '1.0.0' }];
  if (path.endsWith('/identitysync'))
    return [200, { response: [{ name: 'AD sync', adGroups: 1 }], version: '1.0.0' }];
  if (path.includes('/identitysync/sync/')) return [200, 'Sync in progress'];
  if (path.includes('/identitysync/')) return [200, { response: manualSync, version: '1.0.0' }];
  if (path.endsWith('/activedirectories'))
    return [200, recurringSync.identitySync?.configurations?.activeDirectories];
  return [200, [{ name: 'stark.local/Users/Domain Admins', source: 'STARK_AD' }]];
}

beforeEach(() => {
  captured.length = 0;
  const scope = nock(BASE).persist();
  for (const verb of ['GET', 'PUT', 'POST', 'DELETE']) {
    scope.intercept(/.*/, verb).reply(function reply(path, body) {
      const method = this.req.method ?? verb;
      const [status, data] = answer(method, path);
      const answerProblems = contract.checkResponse(method, path, status, data);
      captured.push({ method, path, body: body === '' ? undefined : body, answerProblems });
      return [
        status,
        typeof data === 'string' ? JSON.stringify(data) : data,
        { 'Content-Type': 'application/json' },
      ];
    });
  }
});
afterEach(resetNock);

const calls: Array<[string, (c: IseClient) => Promise<unknown>]> = [
  ['getMfaStatus', (c) => c.getMfaStatus()],
  ['setMfaEnabled(true)', (c) => c.setMfaEnabled(true)],
  ['setMfaEnabled(false)', (c) => c.setMfaEnabled(false)],
  ['listDuoConnections', (c) => c.listDuoConnections()],
  ['getDuoConnection', (c) => c.getDuoConnection('corp duo')],
  ['createDuoConnection', (c) => c.createDuoConnection(connection)],
  ['updateDuoConnection', (c) => c.updateDuoConnection('corp duo', connection)],
  ['deleteDuoConnection', (c) => c.deleteDuoConnection('corp duo')],
  [
    'testDuoConnection with keys',
    (c) => c.testDuoConnection('corp duo', connection.mfa?.accountConfigurations),
  ],
  ['testDuoConnection with stored keys', (c) => c.testDuoConnection('corp duo')],
  ['listIdentitySyncs', (c) => c.listIdentitySyncs()],
  ['getIdentitySync', (c) => c.getIdentitySync('AD sync')],
  ['createIdentitySync (recurring)', (c) => c.createIdentitySync(recurringSync)],
  ['createIdentitySync (manual)', (c) => c.createIdentitySync(manualSync)],
  ['updateIdentitySync', (c) => c.updateIdentitySync('AD sync', recurringSync)],
  ['deleteIdentitySync', (c) => c.deleteIdentitySync('AD sync')],
  ['startSync', (c) => c.startSync('AD sync')],
  ['cancelSync', (c) => c.cancelSync('AD sync')],
  ['listActiveDirectories', (c) => c.listActiveDirectories()],
  ['listAdGroups', (c) => c.listAdGroups('f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6')],
];

const operationsHit = new Set<string>();

test.each(calls)('%s: a declared operation with a body that validates', async (_label, run) => {
  await run(harness().client);
  expect(captured).toHaveLength(1);
  const [{ method, path, body, answerProblems }] = captured;
  expect(answerProblems).toEqual([]);
  const operation = contract.find(method, path);
  expect(operation).toBeDefined();
  operationsHit.add(operation?.operationId ?? '');
  if (body !== undefined) expect(contract.checkRequest(method, path, body)).toEqual([]);
  else expect(operation?.requestSchema).toBeUndefined();
});

// Runs after the calls above (tests in a file run in order): every operation but the internal sync-status
// callback (#18, which the reconciler must not call) was exercised.
test('the calls cover every Duo operation except updateStatus', () => {
  const expected = contract.operations.map((op) => op.operationId).filter((id) => id !== 'updateStatus');
  expect([...operationsHit].sort()).toEqual(expected.sort());
});
