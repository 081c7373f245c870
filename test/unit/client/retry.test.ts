/**
 * The retry rules: which calls are retried (GET reads, PUT, DELETE), on what (connection errors, timeouts,
 * 429/502/503/504), how long the client waits (full jitter, Retry-After, the cap), and that POSTs and the
 * side-effect GETs are never re-sent but report `outcomeUnknown` when they may have taken effect.
 */
import nock from '../../helpers/nock';
import { apiFailure, harness, ise, resetNock } from './helpers';
import { closedPort, type Loopback, scriptedServer } from './loopback';

const STATUS = '/api/v1/duo-mfa/status';
const CONN = '/api/v1/duo-mfa/mfa/c1';
const body = { mfa: { connectionName: 'c1' } };

afterEach(resetNock);

/** Counts the requests nock answers on `scope`. */
function counter(scope: nock.Scope): { count: () => number } {
  let n = 0;
  scope.on('request', () => {
    n++;
  });
  return { count: () => n };
}

describe('retried calls', () => {
  test('GET: 503, 502 then 200 succeeds after two jittered waits', async () => {
    ise().get(STATUS).reply(503).get(STATUS).reply(502).get(STATUS).reply(200, { status: true });
    const h = harness();
    expect(await h.client.getMfaStatus()).toBe(true);
    // random() = 0.5: half of 300 ms, then half of 600 ms.
    expect(h.sleeps).toEqual([150, 300]);
    expect(nock.isDone()).toBe(true);
  });

  test('GET: gives up after maxRetries retries with the last error', async () => {
    const scope = ise().get(STATUS).times(10).reply(504);
    const c = counter(scope);
    const h = harness();
    const err = await apiFailure(() => h.client.getMfaStatus());
    expect(c.count()).toBe(4);
    expect(h.sleeps).toEqual([150, 300, 600]);
    expect(err.details).toMatchObject({ status: 504, outcomeUnknown: false });
  });

  test('maxRetries is configurable', async () => {
    const c = counter(ise().get(STATUS).times(10).reply(503));
    await apiFailure(() => harness({ maxRetries: 1 }).client.getMfaStatus());
    expect(c.count()).toBe(2);
  });

  test('GET is retried after the connection was reset (socket hang up)', async () => {
    const server = await scriptedServer(['reset', { status: 200, body: { status: false } }]);
    try {
      const h = harness({ baseUrl: server.url });
      expect(await h.client.getMfaStatus()).toBe(false);
      expect(server.requests).toHaveLength(2);
      expect(h.sleeps).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test('GET is retried after ECONNREFUSED, until ISE listens again', async () => {
    const port = await closedPort();
    let server: Loopback | undefined;
    const h = harness(
      { baseUrl: `http://127.0.0.1:${port}` },
      {
        sleep: async () => {
          server = await scriptedServer([{ status: 200, body: { status: true } }], port);
        },
      },
    );
    try {
      expect(await h.client.getMfaStatus()).toBe(true);
    } finally {
      await server?.close();
    }
  });

  test('a read the caller abandons is aborted on the wire at once and not retried', async () => {
    const SYNC = '/api/v1/duo-identitysync/identitysync/s1';
    const server = await scriptedServer(['hang', { status: 200, body: {} }]);
    try {
      const h = harness({ baseUrl: server.url, requestTimeoutMs: 60_000 });
      const abandon = new AbortController();
      const read = h.client.getIdentitySync('s1', { signal: abandon.signal });
      while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      abandon.abort();
      const err = await apiFailure(() => read);
      expect(err.details.kind).toBe('network');
      expect(err.message).toMatch(/ISE_DUO_ABANDONED: abandoned by the caller before ISE answered/);
      expect(server.requests.map((r) => r.url)).toEqual([SYNC]);
      expect(h.sleeps).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('GET is retried after a request timeout', async () => {
    ise().get(STATUS).delay(5000).reply(200, { status: true }).get(STATUS).reply(200, { status: false });
    // Long enough for the second, immediate answer even on a loaded machine.
    const h = harness({ requestTimeoutMs: 400 });
    expect(await h.client.getMfaStatus()).toBe(false);
    expect(h.sleeps).toHaveLength(1);
  });

  test('PUT is retried on 502 and DELETE on a dropped connection', async () => {
    const server = await scriptedServer([{ status: 502 }, { status: 200 }, 'reset', { status: 204 }]);
    try {
      const h = harness({ baseUrl: server.url });
      await h.client.updateDuoConnection('c1', body);
      await h.client.deleteDuoConnection('c1');
      expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE']);
      expect(h.sleeps).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  test('a PUT that keeps failing with 503 reports outcomeUnknown', async () => {
    ise().put(CONN).times(4).reply(503);
    const err = await apiFailure(() => harness().client.updateDuoConnection('c1', body));
    expect(err.details.outcomeUnknown).toBe(true);
    expect(err.message).toContain('may have taken effect');
  });
});

describe('Retry-After', () => {
  test('seconds', async () => {
    ise().get(STATUS).reply(429, '', { 'Retry-After': '2' }).get(STATUS).reply(200, { status: true });
    const h = harness();
    await h.client.getMfaStatus();
    expect(h.sleeps).toEqual([2000]);
  });

  test('an HTTP date', async () => {
    const at = new Date(Date.now() + 10_000).toUTCString();
    ise().get(STATUS).reply(503, '', { 'Retry-After': at }).get(STATUS).reply(200, { status: true });
    const h = harness();
    await h.client.getMfaStatus();
    expect(h.sleeps[0]).toBeGreaterThan(8000);
    expect(h.sleeps[0]).toBeLessThanOrEqual(10_000);
  });

  test('is capped at retryMaxDelayMs', async () => {
    ise().get(STATUS).reply(429, '', { 'Retry-After': '3600' }).get(STATUS).reply(200, { status: true });
    const h = harness({ retryMaxDelayMs: 1500 });
    await h.client.getMfaStatus();
    expect(h.sleeps).toEqual([1500]);
  });

  test('the default cap is 20 s', async () => {
    ise().get(STATUS).reply(429, '', { 'Retry-After': '3600' }).get(STATUS).reply(200, { status: true });
    const h = harness();
    await h.client.getMfaStatus();
    expect(h.sleeps).toEqual([20_000]);
  });

  test('the backoff ceiling is capped too', async () => {
    ise().get(STATUS).times(4).reply(503);
    const h = harness({ retryBaseDelayMs: 300, retryMaxDelayMs: 500 }, { random: () => 0.999 });
    await apiFailure(() => h.client.getMfaStatus());
    expect(h.sleeps).toEqual([299, 499, 499]);
  });
});

describe('never retried', () => {
  test.each([400, 401, 403, 404, 409, 500])('GET with %i', async (status) => {
    const c = counter(
      ise()
        .get(STATUS)
        .times(5)
        .reply(status, { code: String(status), message: 'no' }),
    );
    const h = harness();
    await apiFailure(() => h.client.getMfaStatus());
    expect(c.count()).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  test.each([
    ['503', true, (s: nock.Interceptor) => s.reply(503)],
    ['504', true, (s: nock.Interceptor) => s.reply(504)],
    ['429', false, (s: nock.Interceptor) => s.reply(429, '', { 'Retry-After': '1' })],
    ['400', false, (s: nock.Interceptor) => s.reply(400, { code: '400', message: 'bad' })],
  ])('POST after %s: sent once, outcomeUnknown %s', async (_label, unknown, answer) => {
    const c = counter(answer(ise().post('/api/v1/duo-mfa/mfa')));
    ise().post('/api/v1/duo-mfa/mfa').reply(200, 'must not be reached');
    const h = harness();
    const err = await apiFailure(() => h.client.createDuoConnection(body));
    expect(c.count()).toBe(1);
    expect(nock.pendingMocks()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(err.details.outcomeUnknown).toBe(unknown);
  });

  test('POST after a request timeout: outcomeUnknown', async () => {
    ise().post('/api/v1/duo-identitysync/identitysync').delay(300).reply(201, 'created');
    ise().post('/api/v1/duo-identitysync/identitysync').reply(201, 'must not be reached');
    const h = harness({ requestTimeoutMs: 60 });
    const err = await apiFailure(() => h.client.createIdentitySync({ identitySync: { syncName: 's1' } }));
    expect(err.details).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    expect(nock.pendingMocks()).toHaveLength(1);
  });

  test('POST after a dropped connection: sent once, outcomeUnknown', async () => {
    const server = await scriptedServer(['reset', { status: 201 }]);
    try {
      const h = harness({ baseUrl: server.url });
      const err = await apiFailure(() => h.client.createDuoConnection(body));
      expect(err.details).toMatchObject({ kind: 'network', outcomeUnknown: true });
      expect(server.requests).toHaveLength(1);
      expect(h.sleeps).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('POST after ECONNREFUSED: not retried, and known not to have happened', async () => {
    const h = harness({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    const err = await apiFailure(() => h.client.createIdentitySync({ identitySync: { syncName: 's1' } }));
    expect(err.details).toMatchObject({ kind: 'network', outcomeUnknown: false });
    expect(h.sleeps).toEqual([]);
  });

  test('startSync after 503 and cancelSync after a dropped connection: once each, outcomeUnknown', async () => {
    const server = await scriptedServer([{ status: 503 }, 'reset', { status: 200 }, { status: 200 }]);
    try {
      const h = harness({ baseUrl: server.url });
      const started = await apiFailure(() => h.client.startSync('s1'));
      const cancelled = await apiFailure(() => h.client.cancelSync('s1'));
      expect(started.details.outcomeUnknown).toBe(true);
      expect(cancelled.details.outcomeUnknown).toBe(true);
      expect(server.requests.map((r) => r.url)).toEqual([
        '/api/v1/duo-identitysync/identitysync/sync/s1',
        '/api/v1/duo-identitysync/identitysync/sync/cancel/s1',
      ]);
      expect(h.sleeps).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('the connection test is sent once and changes nothing, so its outcome is known', async () => {
    ise().post('/api/v1/duo-mfa/mfa/testconnection/c1').times(2).reply(503);
    const err = await apiFailure(() => harness().client.testDuoConnection('c1'));
    expect(err.details.outcomeUnknown).toBe(false);
    expect(nock.pendingMocks()).toHaveLength(1);
  });
});
