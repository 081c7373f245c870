/**
 * TLS and timeouts against real sockets on 127.0.0.1: verification fails closed without the CA, passes with
 * caFile, rejects a certificate for another host, can be turned off (with a warning); a server that never
 * answers hits the request timeout, and one that never completes the TLS handshake hits the connect timeout.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { makeTestPki } from '../../helpers/certs';
import { apiFailure, harness } from './helpers';

const pki = makeTestPki();

interface Running {
  url: string;
  hits: () => number;
  close: () => Promise<void>;
}

async function httpsServer(cert: { cert: string; key: string }, answer: boolean): Promise<Running> {
  let hits = 0;
  const server: HttpsServer = createHttpsServer({ cert: cert.cert, key: cert.key }, (_req, res) => {
    hits++;
    if (answer) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Accepts TCP connections and never says a word: the TLS handshake never completes. */
async function silentTcpServer(): Promise<Running> {
  const sockets = new Set<Socket>();
  const server: Server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('TLS', () => {
  let good: Running;
  let wrongHost: Running;
  beforeAll(async () => {
    good = await httpsServer(pki.server, true);
    wrongHost = await httpsServer(pki.wrongHost, true);
  });
  afterAll(async () => {
    await good.close();
    await wrongHost.close();
  });

  test('fails closed without caFile: kind tls, says to add caFile, not retried', async () => {
    const h = harness({ baseUrl: good.url });
    const err = await apiFailure(() => h.client.getMfaStatus());
    expect(err.details).toMatchObject({ kind: 'tls', outcomeUnknown: false });
    expect(err.message).toContain("ISE's certificate is not trusted (self-signed or unknown CA)");
    expect(err.message).toContain("caFile: <path to ISE's CA PEM>");
    expect(h.sleeps).toEqual([]);
    expect(good.hits()).toBe(0);
  });

  test('passes with caFile', async () => {
    const h = harness({ baseUrl: good.url, caFile: pki.caFile });
    expect(await h.client.getMfaStatus()).toBe(true);
  });

  test('a certificate for another host name fails, even with the right CA', async () => {
    const h = harness({ baseUrl: wrongHost.url, caFile: pki.caFile });
    const err = await apiFailure(() => h.client.getMfaStatus());
    expect(err.details.kind).toBe('tls');
    expect(err.message).toContain("ISE's certificate is for another host name");
    expect(err.message).toContain('Fix the URL host');
  });

  test('insecure: true connects without the CA, and warns', async () => {
    const h = harness({ baseUrl: good.url, insecure: true });
    expect(await h.client.getMfaStatus()).toBe(true);
    expect(h.logLines.some((l) => JSON.parse(l).level === 40 && l.includes('TLS verification is OFF'))).toBe(
      true,
    );
  });
});

describe('timeouts', () => {
  test('a server that accepts but never answers hits the request timeout', async () => {
    const mute = await httpsServer(pki.server, false);
    try {
      // Generous enough for a TLS handshake on a loaded CI machine: the request must reach the server.
      const h = harness({ baseUrl: mute.url, caFile: pki.caFile, requestTimeoutMs: 1000, maxRetries: 0 });
      const started = Date.now();
      const err = await apiFailure(() => h.client.getMfaStatus());
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(err.details.kind).toBe('timeout');
      expect(err.message).toContain('timeout (no complete answer within 1000 ms)');
      expect(mute.hits()).toBe(1);
    } finally {
      await mute.close();
    }
  });

  test('a POST that hits the request timeout reports outcomeUnknown', async () => {
    const mute = await httpsServer(pki.server, false);
    try {
      const h = harness({ baseUrl: mute.url, caFile: pki.caFile, requestTimeoutMs: 1000 });
      const err = await apiFailure(() => h.client.createIdentitySync({ identitySync: { syncName: 's' } }));
      expect(err.details).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
      expect(mute.hits()).toBe(1);
    } finally {
      await mute.close();
    }
  });

  test('a TLS handshake that never completes hits the connect timeout, not the request timeout', async () => {
    const silent = await silentTcpServer();
    try {
      const h = harness({ baseUrl: silent.url, connectTimeoutMs: 150, requestTimeoutMs: 20_000 });
      const started = Date.now();
      const err = await apiFailure(() => h.client.createDuoConnection({ mfa: {} }));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(err.details).toMatchObject({ kind: 'timeout', outcomeUnknown: false });
      expect(err.message).toContain('connect timeout');
      expect(err.details.explanation).toMatch(
        /No connection to 127\.0\.0\.1:\d+ within 150 ms.*ise.connectTimeoutSeconds/,
      );
    } finally {
      await silent.close();
    }
  });

  test('a connect timeout on a GET is retried', async () => {
    const silent = await silentTcpServer();
    try {
      const h = harness({ baseUrl: silent.url, connectTimeoutMs: 100, maxRetries: 2 });
      const err = await apiFailure(() => h.client.getMfaStatus());
      expect(err.details.kind).toBe('timeout');
      expect(h.sleeps).toHaveLength(2);
    } finally {
      await silent.close();
    }
  });
});
