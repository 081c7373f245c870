/**
 * Non-2xx answers and connection failures become ApiErrors carrying method, path, status, ISE's code and
 * message, the request id, and an explanation for the causes an ISE admin meets in practice.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { transportError } from '../../../src/client/failures';
import { classifyError } from '../../../src/client/http';
import { apiFailure, harness, ise, netError, resetNock } from './helpers';
import { closedPort } from './loopback';

const STATUS = '/api/v1/duo-mfa/status';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

afterEach(resetNock);

test('401: one readable line naming the request and what to check', async () => {
  ise().get(STATUS).reply(401);
  const err = await apiFailure(() => harness().client.getMfaStatus());
  expect(err.details).toMatchObject({ kind: 'http', method: 'GET', path: STATUS, status: 401 });
  expect(err.details.requestId).toMatch(UUID);
  expect(err.message).toBe(
    `GET ${STATUS} failed: 401 Unauthorized (request ${err.details.requestId}). Check the ISE username and ` +
      'password, and that the Open API service is enabled on ISE (Administration > System > Settings > API Settings). ' +
      'ISE locks an account after a few failed logins in a row, so ise-duo sends one request until ISE accepts ' +
      'the credentials; fix them before running again.',
  );
  expect(err.message).not.toContain('\n');
});

test('403 on a Duo endpoint: the MFA feature is disabled or the role is missing', async () => {
  ise()
    .get('/api/v1/duo-identitysync/identitysync')
    .reply(403, { code: '403', message: 'The specified resource was not found / MFA feature is disabled' });
  const err = await apiFailure(() => harness().client.listIdentitySyncs());
  expect(err.details).toMatchObject({
    status: 403,
    iseCode: '403',
    iseMessage: 'The specified resource was not found / MFA feature is disabled',
  });
  expect(err.details.explanation).toMatch(/MFA feature is probably disabled.*role/);
  expect(err.message).toContain(
    '403 Forbidden: "The specified resource was not found / MFA feature is disabled"',
  );
});

test('404 on the status endpoint: ISE older than 3.3 Patch 1', async () => {
  ise().get(STATUS).reply(404, { code: 404, message: 'Not Found' });
  const err = await apiFailure(() => harness().client.getMfaStatus());
  expect(err.details.explanation).toBe(
    'ISE is older than 3.3 Patch 1: the Duo MFA API does not exist there.',
  );
});

test('a numeric ISE error code is kept as a string', async () => {
  ise().post('/api/v1/duo-mfa/mfa').reply(400, { message: 'Connection name already exists', code: 400 });
  const err = await apiFailure(() => harness().client.createDuoConnection({ mfa: { connectionName: 'c' } }));
  expect(err.details).toMatchObject({
    status: 400,
    iseCode: '400',
    iseMessage: 'Connection name already exists',
  });
  expect(err.details.outcomeUnknown).toBe(false);
});

test('a plain-text error body becomes the ISE message on one line', async () => {
  ise().delete('/api/v1/duo-mfa/mfa/c1').reply(500, 'Internal\nfailure', { 'Content-Type': 'text/plain' });
  const err = await apiFailure(() => harness().client.deleteDuoConnection('c1'));
  expect(err.details.iseMessage).toBe('Internal failure');
  expect(err.details.explanation).toMatch(/ISE's logs/);
});

test('an HTML error page instead of JSON: error page from ISE or a proxy', async () => {
  ise()
    .get('/api/v1/duo-mfa/mfa')
    .reply(404, '<html><body><h1>404</h1></body></html>', { 'Content-Type': 'text/html' });
  const err = await apiFailure(() => harness().client.listDuoConnections());
  expect(err.details.iseMessage).toBeUndefined();
  expect(err.details.explanation).toMatch(/HTML page.*error page from ISE or from a proxy.*URL/);
});

test('a redirect is reported with where it pointed', async () => {
  ise().get(STATUS).reply(302, '', { Location: 'https://ise.example.com/admin/login.jsp' });
  const err = await apiFailure(() => harness().client.getMfaStatus());
  expect(err.details.status).toBe(302);
  expect(err.details.explanation).toContain(
    'redirected the request to https://ise.example.com/admin/login.jsp',
  );
});

test('ECONNREFUSED (a real closed loopback port): ISE unreachable at the URL, after the retries', async () => {
  const port = await closedPort();
  const h = harness({ baseUrl: `http://127.0.0.1:${port}` });
  const err = await apiFailure(() => h.client.getMfaStatus());
  expect(err.details).toMatchObject({ kind: 'network', outcomeUnknown: false });
  expect(err.details.explanation).toBe(
    `ISE is unreachable at 127.0.0.1:${port}: nothing accepts connections there. Check the URL host and port.`,
  );
  expect(h.sleeps).toHaveLength(3);
});

// nock cannot fake resolver errors reliably when another test file's interceptor is still installed in the
// worker, and a real lookup of a non-loopback name is not allowed: the mapping is checked directly.
describe('transport failures nock cannot fake, checked through the mapping', () => {
  const ctx = {
    method: 'GET',
    path: STATUS,
    host: 'ise.example.com',
    connectTimeoutMs: 5000,
    requestTimeoutMs: 30000,
    requestId: 'r-1',
    scrub: (t: string) => t,
  };

  test('ENOTFOUND: the host name does not resolve', () => {
    const err = transportError(ctx, classifyError(netError('ENOTFOUND', 'getaddrinfo ENOTFOUND')), false);
    expect(err.details.kind).toBe('network');
    expect(err.details.explanation).toBe(
      'ISE is unreachable: the host name of ise.example.com does not resolve. Check the URL host and DNS.',
    );
  });

  test.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /not trusted \(self-signed or unknown CA\).*caFile/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /not trusted.*caFile: <path to ISE's CA PEM>/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /for another host name.*Fix the URL host/],
    ['CERT_HAS_EXPIRED', /expired/],
    ['EPROTO', /HTTPS port/],
  ])('%s is kind tls with an explanation', (code, explanation) => {
    const err = transportError(ctx, classifyError(netError(code, 'tls failure')), false);
    expect(err.details.kind).toBe('tls');
    expect(err.details.explanation).toMatch(explanation);
    expect(err.message).toMatch(explanation);
  });

  test('EHOSTUNREACH: no route', () => {
    const err = transportError(ctx, classifyError(netError('EHOSTUNREACH')), false);
    expect(err.details.explanation).toMatch(/no route to the host/);
  });
});

test('a request timeout is kind timeout with the configured limit', async () => {
  ise().get(STATUS).delay(300).reply(200, { status: true });
  const err = await apiFailure(() => harness({ requestTimeoutMs: 50, maxRetries: 0 }).client.getMfaStatus());
  expect(err.details.kind).toBe('timeout');
  expect(err.message).toContain('timeout (no complete answer within 50 ms)');
  expect(err.details.explanation).toMatch(/did not answer within 50 ms.*ise.requestTimeoutSeconds/);
});

test('the request timeout covers the whole answer: headers that arrive in time do not stop it', async () => {
  // Headers at once, then a body that never ends: a deadline that only covered the wait for headers (or
  // an idle timer, reset by each trickled byte) would never fire.
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"response":');
    const drip = setInterval(() => res.write(' '), 20);
    res.on('close', () => clearInterval(drip));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const h = harness({ baseUrl: `http://127.0.0.1:${port}`, requestTimeoutMs: 150, maxRetries: 0 });
    const started = Date.now();
    const err = await apiFailure(() => h.client.getMfaStatus());
    expect(err.details.kind).toBe('timeout');
    expect(err.message).toContain('no complete answer within 150 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
