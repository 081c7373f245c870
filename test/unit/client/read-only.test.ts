/**
 * Read-only mode (plan, diff, refresh) refuses every write, both side-effect GETs and, unless allowed, the
 * connection test, before anything is sent: the nock interceptors below must all stay pending.
 */

import type { IseClient } from '../../../src/client/types';
import nock from '../../helpers/nock';
import { apiFailure, harness, ise, resetNock } from './helpers';

afterEach(resetNock);

const body = { mfa: { connectionName: 'c1' } };
const syncBody = { identitySync: { syncName: 's1' } };

const refused: Array<[string, (c: IseClient) => Promise<unknown>, string, string]> = [
  ['setMfaEnabled', (c) => c.setMfaEnabled(true), 'PUT', '/api/v1/duo-mfa/enable'],
  ['createDuoConnection', (c) => c.createDuoConnection(body), 'POST', '/api/v1/duo-mfa/mfa'],
  ['updateDuoConnection', (c) => c.updateDuoConnection('c1', body), 'PUT', '/api/v1/duo-mfa/mfa/c1'],
  ['deleteDuoConnection', (c) => c.deleteDuoConnection('c1'), 'DELETE', '/api/v1/duo-mfa/mfa/c1'],
  ['testDuoConnection', (c) => c.testDuoConnection('c1'), 'POST', '/api/v1/duo-mfa/mfa/testconnection/c1'],
  [
    'createIdentitySync',
    (c) => c.createIdentitySync(syncBody),
    'POST',
    '/api/v1/duo-identitysync/identitysync',
  ],
  [
    'updateIdentitySync',
    (c) => c.updateIdentitySync('s1', syncBody),
    'PUT',
    '/api/v1/duo-identitysync/identitysync/s1',
  ],
  [
    'deleteIdentitySync',
    (c) => c.deleteIdentitySync('s1'),
    'DELETE',
    '/api/v1/duo-identitysync/identitysync/s1',
  ],
  ['startSync', (c) => c.startSync('s1'), 'GET', '/api/v1/duo-identitysync/identitysync/sync/s1'],
  ['cancelSync', (c) => c.cancelSync('s1'), 'GET', '/api/v1/duo-identitysync/identitysync/sync/cancel/s1'],
];

describe.each([
  ['readOnly: true', () => harness({ readOnly: true }).client],
  ['asReadOnly()', () => harness().client.asReadOnly()],
])('%s', (_label, makeClient) => {
  test.each(refused)('%s is refused with nothing sent', async (_name, run, method, path) => {
    const scope = ise().intercept(path, method).reply(200, 'ok');
    const client = makeClient();
    expect(client.readOnly).toBe(true);
    const err = await apiFailure(() => run(client));
    expect(err.details).toMatchObject({ kind: 'read-only', method, path });
    expect(err.message).toContain('nothing was sent to ISE');
    expect(scope.isDone()).toBe(false);
    expect(nock.pendingMocks()).toHaveLength(1);
  });

  test('reads still work', async () => {
    ise().get('/api/v1/duo-mfa/status').reply(200, { status: true });
    ise().get('/api/v1/duo-identitysync/activedirectories').reply(200, []);
    const client = makeClient();
    expect(await client.getMfaStatus()).toBe(true);
    expect(await client.listActiveDirectories()).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });
});

test('allowConnectionTest lets the connection test through, and nothing else', async () => {
  ise().post('/api/v1/duo-mfa/mfa/testconnection/c1').reply(200, '"verified"');
  const scope = ise().post('/api/v1/duo-mfa/mfa').reply(201);
  const { client } = harness({ readOnly: true, allowConnectionTest: true });
  expect(await client.testDuoConnection('c1')).toMatchObject({ ok: true, message: 'verified' });
  await apiFailure(() => client.createDuoConnection(body));
  expect(scope.isDone()).toBe(false);
});

test('asReadOnly leaves the original client writable', async () => {
  ise().put('/api/v1/duo-mfa/enable').reply(200);
  const { client } = harness();
  client.asReadOnly();
  expect(client.readOnly).toBe(false);
  await client.setMfaEnabled(true);
  expect(nock.isDone()).toBe(true);
});
