/**
 * The transport under load, against real HTTPS simulators with a CA file: one TLS secure context per CA file
 * for the whole process (counted at node:tls), reads of a target reusing their keep-alive connections and
 * writes each on a fresh one (counted from the simulator's view: the connection number of each request), and
 * a fleet far wider than the CPUs planning with every target successful: no spurious connect timeouts.
 *
 * This file must not load nock (test/helpers/nock.ts): its interception replaces the agents' sockets with its
 * own (one real connection per request, contexts built its way), which would hide exactly what is measured.
 */
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { createIseClient } from '../../src/client/ise-client';
import { apply } from '../../src/commands/apply';
import { readLiveState } from '../../src/live/read-live-state';
import { Secret } from '../../src/model/secret';
import type { RunningSimulator } from '../../src/sim';
import { makeTestPki, type TestPki } from '../helpers/certs';
import { DUO_ENV, runCli, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

let pki: TestPki;
let sim: RunningSimulator;
let dir: string;
const auth = { username: DUO_ENV.ISE_USERNAME, password: DUO_ENV.ISE_PASSWORD };

/** The harness's site file, aimed at `url` through `caFile`. */
const site = (url: string) =>
  siteYaml({}).replace('ise:\n', `ise:\n  url: ${url}\n  caFile: ${JSON.stringify(pki.caFile)}\n`);

beforeAll(async () => {
  pki = makeTestPki();
  sim = await startTestSimulator({ tls: { cert: pki.server.cert, key: pki.server.key } });
  dir = tempDir('ise-duo-transport-');
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

test('clients sharing a caFile build one secure context for all their connections', async () => {
  const contexts = jest.spyOn(tls, 'createSecureContext');
  try {
    const clients = Array.from({ length: 5 }, () =>
      createIseClient({
        baseUrl: sim.url,
        username: auth.username,
        password: new Secret(auth.password),
        caFile: pki.caFile,
      }),
    );
    const scope = { identitySyncs: 'all', duoConnections: 'all', activeDirectories: true } as const;
    // Writes go over fresh connections, so this makes connections beyond the pooled ones too.
    await clients[0].setMfaEnabled(true);
    await Promise.all(clients.map((c) => readLiveState(c, scope)));
    await Promise.all(clients.map((c) => c.getMfaStatus()));
    const connections = new Set(sim.requestLog().map((r) => r.connection));
    expect(connections.size).toBeGreaterThan(5);
    expect(contexts).toHaveBeenCalledTimes(1);
  } finally {
    contexts.mockRestore();
  }
});

/** Counts, from the client side, the TLS connections opened while `run` runs: full handshakes and resumed. */
async function handshakes(run: () => Promise<unknown>): Promise<{ full: number; resumed: number }> {
  const counts = { full: 0, resumed: 0 };
  const original = tls.connect;
  const connect = jest.spyOn(tls, 'connect').mockImplementation((...args: unknown[]) => {
    const socket = (original as (...a: unknown[]) => tls.TLSSocket)(...args);
    socket.once('secureConnect', () => {
      if (socket.isSessionReused()) counts.resumed++;
      else counts.full++;
    });
    return socket;
  });
  try {
    await run();
  } finally {
    connect.mockRestore();
  }
  return counts;
}

const clientOf = (url: string) =>
  createIseClient({ baseUrl: url, ...auth, password: new Secret(auth.password), caFile: pki.caFile });

test('a burst of connections to a new host makes one full TLS handshake; the rest resume its session', async () => {
  // A simulator of its own: the shared agents already hold a session for `sim`.
  const fresh = await startTestSimulator({ tls: { cert: pki.server.cert, key: pki.server.key } });
  try {
    const clients = Array.from({ length: 12 }, () => clientOf(fresh.url));
    // The first request to a host goes alone until ISE accepts the credentials (src/client/login-gate.ts):
    // it makes the one full handshake, and the burst behind it resumes that session.
    const burst = await handshakes(() => Promise.all(clients.map((c) => c.getMfaStatus())));
    expect(burst).toEqual({ full: 1, resumed: 10 });
    // The eleven waiting requests: one takes the first's kept-alive connection, ten open new ones.
    expect(new Set(fresh.requestLog().map((r) => r.connection)).size).toBe(11);
    // A write goes over a fresh connection, which resumes the reads' session too.
    const write = await handshakes(() => clients[0].setMfaEnabled(true));
    expect(write).toEqual({ full: 0, resumed: 1 });
  } finally {
    await fresh.stop();
  }
});

test('connections waiting for a first handshake that fails go on to connect and fail on their own', async () => {
  // Nothing listens on this port: the first connection fails at once, the ones behind it must not hang.
  const closed = await startTestSimulator({ tls: { cert: pki.server.cert, key: pki.server.key } });
  await closed.stop();
  const clients = Array.from({ length: 4 }, () =>
    createIseClient({
      baseUrl: closed.url,
      ...auth,
      password: new Secret(auth.password),
      caFile: pki.caFile,
      maxRetries: 0,
    }),
  );
  const results = await Promise.allSettled(clients.map((c) => c.getMfaStatus()));
  for (const r of results) {
    expect(r.status).toBe('rejected');
    const { details } = (r as PromiseRejectedResult).reason;
    expect(details).toMatchObject({ kind: 'network', outcomeUnknown: false });
    expect(details.explanation).toContain('nothing accepts connections there');
  }
});

test('reads over a pooled socket set its TCP keep-alive once, not again on every reuse', async () => {
  // A simulator of its own, so the first read opens a socket (the shared agents pool sockets to `sim`).
  const own = await startTestSimulator({ tls: { cert: pki.server.cert, key: pki.server.key } });
  // Every TCP socket's native handle shares one prototype: spying on it counts the setsockopt round trips.
  const probe = net.connect(Number(new URL(own.url).port), '127.0.0.1');
  await once(probe, 'connect');
  const handle = Object.getPrototypeOf((probe as unknown as { _handle: object })._handle);
  probe.destroy();
  const setKeepAlive = jest.spyOn(handle, 'setKeepAlive');
  try {
    const client = clientOf(own.url);
    await client.getMfaStatus();
    const whenNew = setKeepAlive.mock.calls.length;
    expect(whenNew).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await client.getMfaStatus();
    expect(new Set(own.requestLog().map((r) => r.connection)).size).toBe(1);
    expect(setKeepAlive).toHaveBeenCalledTimes(whenNew);
  } finally {
    setKeepAlive.mockRestore();
    await own.stop();
  }
});

test("a plan's reads reuse connections: 6 GETs over at most 3 sockets (its widest round trip)", async () => {
  const file = writeFile(dir, 'site.yaml', site(sim.url));
  const applied = await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), DUO_ENV, dir);
  expect(applied.code).toBe(0);
  sim.clearLog();
  const r = await runCli(['plan', file, '--format', 'json'], DUO_ENV, dir);
  expect(r.code).toBe(0);
  const log = sim.requestLog();
  expect(log.map((e) => e.method)).toEqual(Array(6).fill('GET'));
  expect(new Set(log.map((e) => e.connection)).size).toBeLessThanOrEqual(3);
});

test('every write goes over a connection of its own; the reads around it share theirs', async () => {
  const file = writeFile(dir, 'site.yaml', site(sim.url));
  const r = await runCli(['apply', file, '--format', 'json', '--yes'], DUO_ENV, dir);
  expect(r.code).toBe(0);
  const log = sim.requestLog();
  const uses = new Map<number, number>();
  for (const e of log) uses.set(e.connection, (uses.get(e.connection) ?? 0) + 1);
  const writes = log.filter((e) => e.method !== 'GET');
  expect(writes.length).toBeGreaterThanOrEqual(3);
  for (const w of writes) expect(uses.get(w.connection)).toBe(1);
  const reads = log.filter((e) => e.method === 'GET');
  expect(new Set(reads.map((e) => e.connection)).size).toBeLessThan(reads.length);
});

test('a fleet of 96 HTTPS targets at --parallelism 96 plans with every target successful', async () => {
  const fleetDir = tempDir('ise-duo-transport-fleet-');
  const file = writeFile(fleetDir, 'setup.yml.txt', site(sim.url));
  expect(
    (await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), DUO_ENV, dir)).code,
  ).toBe(0);
  for (let i = 0; i < 96; i++) writeFile(fleetDir, `site-${String(i).padStart(2, '0')}.yaml`, site(sim.url));
  sim.clearLog();
  const r = await runCli(
    ['plan', fleetDir, '--parallelism', '96', '--format', 'json'],
    DUO_ENV,
    dir,
    120_000,
  );
  const report = JSON.parse(r.stdout);
  const failed = report.targets.filter((t: { exitCode: number }) => t.exitCode !== 0);
  expect(failed).toEqual([]);
  expect(report.targets).toHaveLength(96);
  expect(r.code).toBe(0);
  expect(sim.requestLog()).toHaveLength(96 * 6);
}, 150_000);
