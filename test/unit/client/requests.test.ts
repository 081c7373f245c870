/**
 * What goes on the wire: Basic auth, JSON headers, a fresh X-Request-ID per request (logged with the call),
 * names URL-encoded as one path segment, `false` sent explicitly, and secret placeholders filled in only here.
 * A scripted loopback server records the raw requests.
 */

import { Writable } from 'node:stream';
import { UsageError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { Secret } from '../../../src/model/secret';
import {
  ADMIN_SKEY,
  ADMIN_SKEY_REF,
  AUTH_SKEY,
  AUTH_SKEY_REF,
  BASIC_B64,
  failure,
  harness,
  PASSWORD,
} from './helpers';
import { type Loopback, scriptedServer } from './loopback';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: Loopback;
afterEach(async () => server?.close());

async function serve(...steps: Parameters<typeof scriptedServer>[0]) {
  server = await scriptedServer(steps);
  return harness({ baseUrl: server.url });
}

test('Basic auth, JSON Accept and Content-Type, a user agent', async () => {
  const h = await serve({ status: 200 });
  await h.client.setMfaEnabled(true);
  const { headers } = server.requests[0];
  expect(headers.authorization).toBe(`Basic ${BASIC_B64}`);
  expect(headers.accept).toBe('application/json');
  expect(headers['content-type']).toBe('application/json');
  expect(headers['user-agent']).toBe('ise-duo');
});

test("a read carries exactly the headers the client sets (none of axios's defaults), and no body header", async () => {
  const h = await serve({ status: 200, body: { status: true } });
  await h.client.getMfaStatus();
  const { headers } = server.requests[0];
  expect(Object.keys(headers).sort()).toEqual([
    'accept',
    'accept-encoding',
    'authorization',
    'connection',
    'host',
    'user-agent',
    'x-request-id',
  ]);
  expect(headers.accept).toBe('application/json');
});

test('a baseUrl with a path prefix keeps it in front of every API path', async () => {
  server = await scriptedServer([{ status: 200, body: { status: true } }]);
  const h = harness({ baseUrl: `${server.url}/ise/` });
  expect(await h.client.getMfaStatus()).toBe(true);
  expect(server.requests[0].url).toBe('/ise/api/v1/duo-mfa/status');
});

test('below debug level no request line is written', async () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  server = await scriptedServer([{ status: 200, body: { status: true } }]);
  const logger = createLogger({ level: 'info', destination, pretty: false });
  const h = harness({ baseUrl: server.url, logger });
  expect(await h.client.getMfaStatus()).toBe(true);
  expect(lines).toEqual([]);
});

test('every request, retries included, has its own X-Request-ID, logged with the call', async () => {
  const h = await serve(
    { status: 503 },
    { status: 200, body: { status: true } },
    { status: 200, body: { status: true } },
  );
  await h.client.getMfaStatus();
  await h.client.getMfaStatus();
  const ids = server.requests.map((r) => r.headers['x-request-id']);
  expect(ids).toHaveLength(3);
  for (const id of ids) expect(id).toMatch(UUID);
  expect(new Set(ids).size).toBe(3);
  const logged = h.logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'ISE request');
  expect(logged.map((l) => l.requestId)).toEqual(ids);
  expect(logged[0]).toMatchObject({
    level: 20,
    method: 'GET',
    path: '/api/v1/duo-mfa/status',
    status: 503,
    attempt: 1,
  });
  expect(logged[1]).toMatchObject({ status: 200, attempt: 2 });
  expect(typeof logged[0].durationMs).toBe('number');
});

test('no log line at any level holds the Authorization header or the password', async () => {
  const h = await serve({ status: 401 });
  await failure(() => h.client.getMfaStatus());
  const all = h.logLines.join('\n');
  expect(h.logLines.length).toBeGreaterThan(0);
  expect(all).not.toMatch(/authorization/i);
  expect(all).not.toContain(BASIC_B64);
  expect(all).not.toContain(PASSWORD);
});

test('names with spaces and slashes are one encoded path segment', async () => {
  const h = await serve(
    { status: 200, body: { response: { mfa: { connectionName: 'corp duo/east' } } } },
    { status: 200 },
    { status: 200, body: [] },
    { status: 200, body: 'Sync in progress' },
  );
  await h.client.getDuoConnection('corp duo/east');
  await h.client.deleteIdentitySync('AD sync #1?');
  await h.client.listAdGroups('stark.local/Users');
  await h.client.startSync('a b');
  expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
    'GET /api/v1/duo-mfa/mfa/corp%20duo%2Feast',
    'DELETE /api/v1/duo-identitysync/identitysync/AD%20sync%20%231%3F',
    'GET /api/v1/duo-identitysync/adgroups/stark.local%2FUsers',
    'GET /api/v1/duo-identitysync/identitysync/sync/a%20b',
  ]);
});

test('an empty name is refused before sending', async () => {
  const h = await serve();
  const err = await failure(() => h.client.deleteDuoConnection(''));
  expect(err).toBeInstanceOf(UsageError);
  expect(server.requests).toHaveLength(0);
});

test('disabling MFA sends status false explicitly', async () => {
  const h = await serve({ status: 200 });
  await h.client.setMfaEnabled(false);
  expect(server.requests[0]).toMatchObject({ method: 'PUT', url: '/api/v1/duo-mfa/enable' });
  expect(server.requests[0].body).toBe('{"mfa":{"status":false}}');
});

test('secret placeholders anywhere in the body are replaced just before sending', async () => {
  const h = await serve({ status: 201 });
  await h.client.createDuoConnection({
    mfa: {
      connectionName: 'corp duo',
      accountConfigurations: {
        apiHostName: 'api-1.duosecurity.com',
        adminApi: { ikey: 'DIADMIN', sKey: { $secret: ADMIN_SKEY_REF } },
        authenticationApi: { ikey: 'DIAUTH', sKey: { $secret: AUTH_SKEY_REF } },
      },
    },
  });
  expect(JSON.parse(server.requests[0].body)).toEqual({
    mfa: {
      connectionName: 'corp duo',
      accountConfigurations: {
        apiHostName: 'api-1.duosecurity.com',
        adminApi: { ikey: 'DIADMIN', sKey: ADMIN_SKEY },
        authenticationApi: { ikey: 'DIAUTH', sKey: AUTH_SKEY },
      },
    },
  });
});

test('the connection test sends AccountConfigurations unwrapped, or an empty object', async () => {
  const h = await serve({ status: 200 }, { status: 200 });
  await h.client.testDuoConnection('corp duo', {
    apiHostName: 'api-1.duosecurity.com',
    adminApi: { ikey: 'DIADMIN', sKey: { $secret: ADMIN_SKEY_REF } },
  });
  await h.client.testDuoConnection('corp duo');
  expect(server.requests[0].url).toBe('/api/v1/duo-mfa/mfa/testconnection/corp%20duo');
  expect(JSON.parse(server.requests[0].body)).toEqual({
    apiHostName: 'api-1.duosecurity.com',
    adminApi: { ikey: 'DIADMIN', sKey: ADMIN_SKEY },
  });
  expect(server.requests[1].body).toBe('{}');
});

test('a Secret box in a body is revealed, not sent as "(sensitive)"', async () => {
  const h = await serve({ status: 200 });
  const body = { apiHostName: 'h', adminApi: { sKey: new Secret('boxed-value-123') } };
  await h.client.testDuoConnection('c', body as never);
  expect(JSON.parse(server.requests[0].body).adminApi.sKey).toBe('boxed-value-123');
});

test('a placeholder missing from the store fails before sending, naming the reference only', async () => {
  const h = await serve({ status: 201 });
  const err = await failure(() =>
    h.client.updateDuoConnection('c', {
      mfa: { accountConfigurations: { adminApi: { sKey: { $secret: 'duo-connection/c/adminApi.skey' } } } },
    }),
  );
  expect(err).toBeInstanceOf(UsageError);
  expect(err.message).toContain('"duo-connection/c/adminApi.skey"');
  expect(err.message).toContain('nothing was sent');
  expect(server.requests).toHaveLength(0);
});
