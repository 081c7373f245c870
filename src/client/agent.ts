/**
 * The sockets under every client of the process: which CAs to trust, whether to verify at all, a real connect
 * timeout, and which exchanges may reuse a connection.
 *
 * - Agents are shared by the process, one set per (trust, connect timeout), so a fleet run of hundreds of
 *   targets builds one TLS context and one pool, not one per client.
 * - Reads (GETs without side effects) go over keep-alive sockets: the status, lists and details of a target
 *   reuse the connection of the previous round trip. A stale pooled socket only costs a read a retry.
 * - Everything else (writes, sync runs, the connection test) gets a fresh socket: on a stale pooled socket a
 *   never-processed POST would fail with an ECONNRESET whose outcome looks unknown.
 * - axios's `timeout` covers the whole exchange, so an ISE that is slow to answer and one that cannot be
 *   reached look the same. The agents arm a timer when a socket is created (never while a request waits for
 *   one) and destroy it if it is not connected (TCP, and for https the TLS handshake) within
 *   `connectTimeoutMs`, with a code the client maps to a clear "could not connect" ApiError.
 * - TLS sessions are resumed from one cache per agent set, and the first connections to a host wait for one
 *   full handshake instead of each doing their own (see tls-sessions.ts).
 * - No per-host socket limit: the callers bound concurrency (fleet parallelism, a target's reads), and a
 *   request queued behind a limit here would spend its deadline waiting. What is sized to the parallelism is
 *   how many idle sockets are kept for reuse (`sizeAgentsFor`).
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type * as tls from 'node:tls';
import { type CaBundle, secureContextFor } from './tls-context';
import { TlsSessions } from './tls-sessions';

/** The `code` of the error a socket is destroyed with when the connect timer fires. */
export const CONNECT_TIMEOUT_CODE = 'ISE_DUO_CONNECT_TIMEOUT';

export interface AgentSettings {
  connectTimeoutMs: number;
  /** Extra CAs trusted on top of Node's built-in list. */
  ca?: CaBundle;
  insecure: boolean;
}

/** The agents of one trust setting: `reuse` keeps sockets alive between reads, `fresh` never pools. */
export interface AgentSet {
  reuse: { http: http.Agent; https: https.Agent };
  fresh: { http: http.Agent; https: https.Agent };
}

/** Idle sockets kept per concurrently running target: a target's widest round trip is three lists. */
export const IDLE_SOCKETS_PER_TARGET = 4;
/** Below common server keep-alive timeouts (5 s); Node shortens it further to a server's Keep-Alive hint. */
export const IDLE_SOCKET_TIMEOUT_MS = 4000;
/**
 * The TCP keep-alive probe delay of pooled sockets: the 60 s axios sets on every socket a request gets.
 * Node's agent sets its own `keepAliveMsecs` each time a socket goes back to the pool, and a socket only
 * makes the setsockopt calls when the value changes: with two different values (Node's 1 s default and
 * axios's 60 s) every reuse paid them twice; with one value, only the socket's first request does.
 */
export const TCP_KEEP_ALIVE_DELAY_MS = 60_000;

let idleSockets = 16 * IDLE_SOCKETS_PER_TARGET;

/** Destroys `socket` with a CONNECT_TIMEOUT_CODE error unless `connectedEvent` fires within `ms`. */
function armConnectTimer(socket: Duplex, ms: number, connectedEvent: 'connect' | 'secureConnect'): void {
  const timer = setTimeout(() => {
    const err = Object.assign(new Error(`no connection within ${ms} ms`), { code: CONNECT_TIMEOUT_CODE });
    socket.destroy(err);
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  socket.once(connectedEvent, clear);
  socket.once('close', clear);
  socket.once('error', clear);
}

class TimedHttpsAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly connectTimeoutMs: number,
    private readonly sessions: TlsSessions,
    /** The trust to verify against, built on the first connection; undefined when verification is off. */
    private readonly trust: (() => tls.SecureContext) | undefined,
  ) {
    // Node's session cache stays empty: tls-sessions.ts resumes sessions instead.
    super({ ...options, maxCachedSessions: 0 });
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    // The pool key Node's agent computed for this connection, or the same from its documented getName().
    const key = (options as { _agentKey?: string })._agentKey ?? this.getName(options);
    const open = (extra: { session?: Buffer }): Duplex => {
      // Without `_agentKey` Node's agent neither applies nor caches a session of its own.
      const plain = { ...options, ...extra, _agentKey: undefined } as https.RequestOptions;
      if (this.trust) (plain as tls.ConnectionOptions).secureContext = this.trust();
      const socket = super.createConnection(plain) as Duplex;
      armConnectTimer(socket, this.connectTimeoutMs, 'secureConnect');
      return socket;
    };
    return this.sessions.connect(key, open, callback);
  }
}

class TimedHttpAgent extends http.Agent {
  constructor(
    options: http.AgentOptions,
    private readonly connectTimeoutMs: number,
  ) {
    super(options);
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket) armConnectTimer(socket, this.connectTimeoutMs, 'connect');
    return socket;
  }
}

function createAgentSet(settings: AgentSettings): AgentSet {
  const tls: https.AgentOptions = { rejectUnauthorized: !settings.insecure };
  // Built on the first https connection, not here: parsing Node's root certificates costs 20-30 ms of CPU,
  // which a run against an http:// ISE (the simulator, a lab) would pay at start-up for nothing.
  const trust = settings.insecure ? undefined : () => secureContextFor(settings.ca);
  const reuse: http.AgentOptions = {
    keepAlive: true,
    keepAliveMsecs: TCP_KEEP_ALIVE_DELAY_MS,
    maxFreeSockets: idleSockets,
    timeout: IDLE_SOCKET_TIMEOUT_MS,
    scheduling: 'lifo',
  };
  const ms = settings.connectTimeoutMs;
  const sessions = new TlsSessions();
  return {
    reuse: {
      http: new TimedHttpAgent(reuse, ms),
      https: new TimedHttpsAgent({ ...reuse, ...tls }, ms, sessions, trust),
    },
    fresh: {
      http: new TimedHttpAgent({ keepAlive: false }, ms),
      https: new TimedHttpsAgent({ keepAlive: false, ...tls }, ms, sessions, trust),
    },
  };
}

const agentSets = new Map<string, AgentSet>();

/** The process's agents for `settings`, created on first use. */
export function sharedAgents(settings: AgentSettings): AgentSet {
  const key = `${settings.insecure}|${settings.ca?.key ?? ''}|${settings.connectTimeoutMs}`;
  let set = agentSets.get(key);
  if (!set) {
    set = createAgentSet(settings);
    agentSets.set(key, set);
  }
  return set;
}

/** Keeps enough idle sockets for `parallelism` targets at once (fleet runs call this before starting). */
export function sizeAgentsFor(parallelism: number): void {
  idleSockets = Math.max(1, parallelism) * IDLE_SOCKETS_PER_TARGET;
  for (const set of agentSets.values()) {
    set.reuse.http.maxFreeSockets = idleSockets;
    set.reuse.https.maxFreeSockets = idleSockets;
  }
}
