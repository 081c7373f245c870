// Section 8: floors. What one unit of work costs in the chosen stack on this machine, measured side by side
// in this run, so that the figures of section 7 that miss their targets (CPU per target, the fleet of 1,000,
// the plan of 200 + 200, HTTPS at --parallelism 128) can be read against what they are made of:
//   - CPU per keep-alive GET, CONCURRENCY at once, against a simulator in a process of its own
//     (sim-process.mjs, so its CPU is not counted): bare node:http with the client's agent options and
//     headers, the client's transport (axios as src/client/http.ts configures it), and a whole client read
//     (getMfaStatus: the engine, the login gate, the JSON and shape checks);
//   - CPU per new connection: a GET on a fresh socket over HTTP, and over HTTPS with ise.caFile and a resumed
//     TLS session (the client's agents, src/client/agent.ts); the difference is one TLS connection's CPU;
//   - CPU per desired-state file: yaml's parseDocument alone, and the whole loader (parseDesiredState), for a
//     fleet target's file (1 sync + 1 connection) and, as wall time, for the file of 200 + 200;
//   - CPU per target of the fleet of 1,000 (section 7's shape) planned RUNS times in one process
//     (fleet-in-process.mjs): the first run pays V8's tier-up, as each CLI process does; the last shows the
//     same work optimized;
//   - floors built from those: a fleet target (its 6 GETs as client reads, and its file), the 200 + 200 plan
//     (its file's load, then 3 round trips) and the TLS CPU of the HTTPS fleet of 100, each beside its target.
// CPU is this process's user + system time (process.cpuUsage), as the CLI's figure is GNU time's.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { fleetFixture, LATENCY_MS } from './fleet-shapes.mjs';
import {
  BENCH_DIR,
  CREDS,
  DUO_ENV,
  dist,
  median,
  msSince,
  require,
  siteYaml,
  startSimProcess,
} from './lib.mjs';
import { makePki } from './pki.mjs';

/** A fleet's parallelism in section 7 (the fleet of 1,000). */
export const CONCURRENCY = 64;
const GETS = 1500;
const CONNECTIONS = 300;
/** Fresh connections at once: enough to overlap, not so many that the simulator's accept queue decides. */
const CONNECTION_CONCURRENCY = 16;
const ROUNDS = 3;
/** A fleet target's plan: status, two lists, the AD join points, two details (section 7). */
export const GETS_PER_TARGET = 6;
/** Connections per target of the HTTPS fleet: the status alone, then three lists at once (section 7). */
export const TLS_CONNECTIONS_PER_TARGET = 3;
const STATUS = '/api/v1/duo-mfa/status';
/** Fleet runs in one process: enough to show how far V8's tier-up goes; a fourth still falls a little. */
const RUNS = 3;

/** This process's CPU per call of `one`, `count` calls with `concurrency` in flight, after a warm-up. */
async function cpuPerCall(one, count, concurrency) {
  const run = async (n) => {
    let started = 0;
    const worker = async () => {
      while (started++ < n) await one();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(Math.ceil(count / 3));
  const c0 = process.cpuUsage();
  await run(count);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / count;
}

/** Rounds of every variant interleaved, so that a slow moment of the machine hits all of them; medians. */
async function interleaved(variants, count, concurrency) {
  const runs = variants.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, one] of variants.entries()) runs[i].push(await cpuPerCall(one, count, concurrency));
  }
  return runs.map(median);
}

function headers() {
  const auth = Buffer.from(`${CREDS.username}:${CREDS.password}`, 'utf8').toString('base64');
  return {
    Accept: 'application/json',
    'X-Request-ID': randomUUID(),
    'User-Agent': 'ise-duo',
    Authorization: `Basic ${auth}`,
  };
}

/** A GET over bare node:http, with the client's keep-alive agent options (src/client/agent.ts). */
function bareGet(url) {
  const { IDLE_SOCKETS_PER_TARGET, TCP_KEEP_ALIVE_DELAY_MS } = dist('client/agent.js');
  const agent = new http.Agent({
    keepAlive: true,
    keepAliveMsecs: TCP_KEEP_ALIVE_DELAY_MS,
    maxFreeSockets: CONCURRENCY * IDLE_SOCKETS_PER_TARGET,
    scheduling: 'lifo',
  });
  const { hostname, port } = new URL(url);
  const get = () =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: hostname, port, path: STATUS, agent, headers: headers() }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () =>
          res.statusCode === 200 ? resolve(body) : reject(new Error(`${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

/** A GET through the client's transport: `reuse` keeps the socket alive, else each GET opens its own. */
function transportGet(url, { reuse, caFile }) {
  const { createTransport } = dist('client/http.js');
  const { readCaFile } = dist('client/tls-context.js');
  const transport = createTransport({
    baseUrl: url,
    connectTimeoutMs: 5000,
    requestTimeoutMs: 30000,
    maxResponseBytes: 5 * 1024 * 1024,
    insecure: false,
    ca: caFile ? readCaFile(caFile) : undefined,
  });
  return async () => {
    const a = await transport.send({
      method: 'GET',
      path: STATUS,
      headers: headers(),
      reuseConnection: reuse,
    });
    if (!('response' in a) || a.response.status !== 200) throw new Error(`GET failed: ${JSON.stringify(a)}`);
  };
}

function clientGet(url) {
  const { createIseClient } = dist('client/ise-client.js');
  const { Secret } = dist('model/secret.js');
  const client = createIseClient({
    baseUrl: url,
    username: CREDS.username,
    password: new Secret(CREDS.password),
    readOnly: true,
  });
  return () => client.getMfaStatus();
}

async function gets() {
  dist('client/agent.js').sizeAgentsFor(CONCURRENCY);
  const sim = await startSimProcess();
  const bare = bareGet(sim.url);
  try {
    const [bareMs, transportMs, clientMs] = await interleaved(
      [bare.get, transportGet(sim.url, { reuse: true }), clientGet(sim.url)],
      GETS,
      CONCURRENCY,
    );
    return { bareMs, transportMs, clientMs };
  } finally {
    bare.close();
    sim.stop();
  }
}

async function connections() {
  const pki = makePki();
  const plain = await startSimProcess();
  const tls = await startSimProcess({ cert: pki.cert, key: pki.key });
  try {
    const [httpMs, httpsMs] = await interleaved(
      [
        transportGet(plain.url, { reuse: false }),
        transportGet(tls.url, { reuse: false, caFile: pki.caFile }),
      ],
      CONNECTIONS,
      CONNECTION_CONCURRENCY,
    );
    return { httpMs, httpsMs, tlsMs: httpsMs - httpMs };
  } finally {
    plain.stop();
    tls.stop();
  }
}

/** CPU per call of a synchronous `fn`, after a warm-up. */
function cpuPerSyncCall(fn, count) {
  for (let i = 0; i < Math.ceil(count / 3); i++) fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < count; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / count;
}

function files() {
  const YAML = require('yaml');
  const { parseDesiredState } = dist('desired/load.js');
  const env = { ...DUO_ENV, SIM_URL_0: 'http://127.0.0.1:9443' };
  const load = (text) => () => {
    const r = parseDesiredState(text, '/bench/site.yaml', env);
    if (!r.ok) throw new Error(`the bench file does not load: ${r.issues[0]?.message}`);
  };
  const small = siteYaml({ syncs: 1, connections: 1, urlVar: 'SIM_URL_0' });
  const big = siteYaml({ syncs: 200, connections: 200 });
  const yamlMs = median(
    Array.from({ length: ROUNDS }, () => cpuPerSyncCall(() => YAML.parseDocument(small), 2000)),
  );
  const loadMs = median(Array.from({ length: ROUNDS }, () => cpuPerSyncCall(load(small), 2000)));
  const loadBig = load(big);
  for (let i = 0; i < 3; i++) loadBig();
  const bigWall = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    loadBig();
    bigWall.push(msSince(t0));
  }
  return { yamlMs, loadMs, bigLoadMs: median(bigWall), bigLines: big.split('\n').length - 1 };
}

/** The fleet of 1,000 over the simulators of this process, planned RUNS times by one child process. */
async function warmFleet() {
  const f = await fleetFixture({ targets: 1000 });
  try {
    for (const sim of f.sims) sim.setLatency(LATENCY_MS);
    const args = [f.dir, String(f.targets), String(CONCURRENCY), String(RUNS)];
    const child = fork(`${BENCH_DIR}/fleet-in-process.mjs`, args, {
      env: f.env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const { cpuPerTarget } = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`fleet-in-process.mjs exited ${code}`)));
    });
    return { runs: RUNS, cpuPerTargetMs: cpuPerTarget, first: cpuPerTarget[0], last: cpuPerTarget.at(-1) };
  } finally {
    await f.stop();
  }
}

export async function runFloors() {
  const g = await gets();
  const c = await connections();
  const f = files();
  const warm = await warmFleet();
  return {
    warm,
    gets: { ...g, count: GETS, concurrency: CONCURRENCY, rounds: ROUNDS },
    connections: { ...c, count: CONNECTIONS, concurrency: CONNECTION_CONCURRENCY, rounds: ROUNDS },
    files: f,
    targetFloorMs: GETS_PER_TARGET * g.clientMs + f.loadMs,
    bigPlanFloorMs: f.bigLoadMs + 3 * LATENCY_MS,
    httpsFleetTlsMs: 100 * TLS_CONNECTIONS_PER_TARGET * c.tlsMs,
  };
}

/**
 * The section's rows. `scale` (section 7, when it ran) supplies the measured figure beside each floor and
 * the targets (scale.mjs TARGETS).
 */
export function floorRows(fl, scale, targets) {
  const ms = (v, digits = 3) => `${v.toFixed(digits)} ms`;
  const g = fl.gets;
  const rows = [
    ['CPU per GET, bare node:http (keep-alive)', ms(g.bareMs), '1.00×'],
    [
      'CPU per GET, the client transport (axios)',
      ms(g.transportMs),
      `${(g.transportMs / g.bareMs).toFixed(2)}×`,
    ],
    ['CPU per GET, a whole client read', ms(g.clientMs), `${(g.clientMs / g.bareMs).toFixed(2)}×`],
    ['CPU per GET on a new socket, HTTP', ms(fl.connections.httpMs), ''],
    ['CPU per GET on a new socket, HTTPS (resumed)', ms(fl.connections.httpsMs), ''],
    ['CPU of one TLS connection (the difference)', ms(fl.connections.tlsMs), ''],
    ['CPU per file, yaml parseDocument (1 + 1)', ms(fl.files.yamlMs), ''],
    ['CPU per file, the whole loader (1 + 1)', ms(fl.files.loadMs), ''],
    [`wall of the loader, the 200 + 200 file (${fl.files.bigLines} lines)`, ms(fl.files.bigLoadMs, 1), ''],
    ...fl.warm.cpuPerTargetMs.map((v, i) => [
      `CPU per target, fleet of 1,000 @${CONCURRENCY}, run ${i + 1} of ${fl.warm.runs} in one process`,
      ms(v, 2),
      '',
    ]),
  ];
  const p64 = scale?.big?.p64;
  const https128 = scale?.tls?.find((r) => r.https.parallelism === 128);
  const floors = [
    {
      figure: `floor of a fleet target's CPU: ${GETS_PER_TARGET} client reads + its file`,
      floor: ms(fl.targetFloorMs, 2),
      measured: p64?.cpuPerTargetMs === undefined ? '-' : ms(p64.cpuPerTargetMs, 2),
      target: `≤ ${targets.cpuPerTargetMs} ms`,
    },
    {
      figure: 'floor of the 200 + 200 plan: its file, then 3 round trips',
      floor: `${ms(fl.bigPlanFloorMs, 0)} = ${(fl.bigPlanFloorMs / (3 * LATENCY_MS)).toFixed(2)}×`,
      measured: scale?.plan ? `${scale.plan.ratio.toFixed(2)}×` : '-',
      target: `≤ ${targets.planRatio}× ${3 * LATENCY_MS} ms`,
    },
    {
      figure: `HTTPS fleet of 100: ${TLS_CONNECTIONS_PER_TARGET} TLS connections a target, client CPU`,
      floor: ms(fl.httpsFleetTlsMs, 0),
      measured: https128
        ? `HTTP @128: ${Math.round(https128.http.wallMs)} ms wall; ${targets.httpsRatio}× allows ` +
          `${Math.round((targets.httpsRatio - 1) * https128.http.wallMs)} ms more`
        : '-',
      target: `≤ ${targets.httpsRatio}× HTTP`,
    },
  ];
  return { rows, floors };
}
