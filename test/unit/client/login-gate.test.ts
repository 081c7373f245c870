import { loginGateKey, passLoginGate, settleLoginGate } from '../../../src/client/login-gate';

let n = 0;
const freshKey = () => loginGateKey(`ise-${++n}.example.com:443`, 'Basic abc');

test('the first request tests the credentials alone; the rest wait for its answer', async () => {
  const key = freshKey();
  const first = await passLoginGate(key);
  expect(first.testing).toBe(true);
  let passed = 0;
  const waiting = [passLoginGate(key), passLoginGate(key)].map((p) =>
    p.then((ticket) => {
      passed++;
      return ticket;
    }),
  );
  await new Promise((r) => setImmediate(r));
  expect(passed).toBe(0);
  settleLoginGate(key, 'proven');
  expect((await Promise.all(waiting)).map((t) => t.testing)).toEqual([false, false]);
  expect((await passLoginGate(key)).testing).toBe(false);
});

test('a 401 fails the waiting requests and those of the next five minutes, unsent; then one tests again', async () => {
  const key = freshKey();
  await passLoginGate(key);
  const refused = new Error('401 Unauthorized');
  const waiting = [passLoginGate(key), passLoginGate(key)];
  settleLoginGate(key, { refused });
  for (const w of waiting) await expect(w).rejects.toBe(refused);
  // A fleet's next target for the same ISE and password: no second failed login.
  await expect(passLoginGate(key)).rejects.toBe(refused);
  const now = Date.now();
  const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 5 * 60_000 + 1);
  try {
    expect((await passLoginGate(key)).testing).toBe(true);
  } finally {
    clock.mockRestore();
  }
});

test('a request that threw before an answer hands the test to the next request', async () => {
  const key = freshKey();
  await passLoginGate(key);
  const next = passLoginGate(key);
  settleLoginGate(key, 'abandoned');
  expect((await next).testing).toBe(true);
});

test('the key holds no credentials in the clear, and differs per host and per credentials', () => {
  const key = loginGateKey('ise.example.com:443', 'Basic YWRtaW46c2VjcmV0');
  expect(key).not.toContain('YWRtaW46c2VjcmV0');
  expect(key).not.toBe(loginGateKey('ise.example.com:443', 'Basic b3RoZXI6c2VjcmV0'));
  expect(key).not.toBe(loginGateKey('lab.example.com:443', 'Basic YWRtaW46c2VjcmV0'));
});

describe('through the client (nock)', () => {
  const { harness, ise, resetNock } = require('./helpers') as typeof import('./helpers');
  const { scriptedServer } = require('./loopback') as typeof import('./loopback');
  const STATUS = '/api/v1/duo-mfa/status';
  afterEach(resetNock);

  test('a 401 is one request: the calls that waited fail with it, unsent', async () => {
    ise().get(STATUS).delay(20).reply(401);
    const { client } = harness();
    const calls = await Promise.allSettled([
      client.getMfaStatus(),
      client.listDuoConnections(),
      client.listIdentitySyncs(),
    ]);
    expect(calls.map((c) => c.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const [first, ...rest] = calls as PromiseRejectedResult[];
    for (const r of rest) expect((r.reason as Error).message).toBe((first.reason as Error).message);
    expect(ise().isDone()).toBe(true); // nock would have refused an unplanned request
  });

  test('a 403 proves the credentials (a missing role), and so does a transport failure', async () => {
    ise()
      .get(STATUS)
      .reply(403)
      .get(STATUS)
      .reply(200, { response: { status: true } });
    await expect(harness().client.getMfaStatus()).rejects.toMatchObject({ details: { status: 403 } });
    // A real reset on a loopback server, not nock's replyWithError: under a loaded suite, nock's mock socket
    // sometimes emitted the error again after the client had let go of it, as an unhandled error.
    const server = await scriptedServer(['reset', { status: 200, body: { response: [] } }]);
    try {
      const { client } = harness({ baseUrl: server.url, maxRetries: 0 });
      const [down, listed] = await Promise.allSettled([client.getMfaStatus(), client.listDuoConnections()]);
      expect(down.status).toBe('rejected');
      expect((down as PromiseRejectedResult).reason).toMatchObject({ details: { kind: 'network' } });
      expect(listed.status).toBe('fulfilled');
      expect(server.requests.map((r) => r.url)).toEqual([STATUS, '/api/v1/duo-mfa/mfa']);
    } finally {
      await server.close();
    }
  });
});
