/**
 * TLS session resumption for the process's https agents, kept here instead of in Node's https.Agent cache:
 *
 * - One parse per resumed connection. Node's agent hands its cached session to `tls.connect`, which applies
 *   it twice (once in the TLSSocket constructor, once more right after), and each application decodes the
 *   session with ISE's certificate inside: about 0.15 ms of CPU each time. `connect` below applies it once,
 *   at the same point (before the TCP connection exists, so before the ClientHello).
 * - One full handshake per host, not one per connection of the first wave. A fleet run opens dozens of
 *   connections to a host at once, before any has a session: each would do the full handshake (ISE signs,
 *   the client verifies the chain). While a host has no session and its first handshake is under way, new
 *   connections to it wait for that handshake's session and then resume it. They wait only for that one
 *   handshake: the wait ends at its session, at its first answer bytes, or when it fails or closes (its
 *   connect timer bounds it), whatever comes first; and once its handshake is done, after as long again as
 *   the handshake took (10 ms to 1 s). A TLS 1.3 ticket comes about one round trip after the handshake, so
 *   that is enough to resume it, and a server that issues no session (or a slow first answer) costs the
 *   waiting connections one handshake's time, never the first request's.
 * - One cache per agent set, shared by its pooled and fresh agents: a write's fresh connection resumes the
 *   session of the reads before it.
 */
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';

/**
 * What `tls.connect` itself calls to apply `options.session` (absent from Node's typings). Where it is
 * missing the session goes in through the options, parsed twice as before.
 */
const setSession = (TLSSocket.prototype as unknown as { setSession?: (session: Buffer) => void }).setSession;

/** Opens a connection; `extra` holds the session when it must go in through the options. */
export type OpenConnection = (extra: { session?: Buffer }) => Duplex;

/** Hosts (agent keys) remembered, as Node's agent does by default (`maxCachedSessions`). */
export const MAX_CACHED_SESSIONS = 100;

/** Bounds of the wait for the first handshake's session once that handshake is done (see above). */
export const MIN_TICKET_WAIT_MS = 10;
export const MAX_TICKET_WAIT_MS = 1000;

export class TlsSessions {
  readonly #sessions = new Map<string, Buffer>();
  /** Agent keys whose first handshake is under way, with the connections waiting for its session. */
  readonly #waiting = new Map<string, Array<() => void>>();
  /** Agent keys that had their first handshake: later connections never wait (a server may not resume). */
  readonly #led = new Set<string>();

  /**
   * A connection to `key` (Node's agent key: host, port, TLS options): `open()` now, with the cached session
   * applied, or later (through `ready`) when it has to wait for the host's first handshake. Returns the
   * socket when opened now, undefined when `ready` will get it.
   */
  connect(
    key: string | undefined,
    open: OpenConnection,
    ready: ((err: Error | null, socket: Duplex) => void) | undefined,
  ): Duplex | undefined {
    if (key === undefined) return open({});
    if (this.#sessions.has(key)) return this.#open(key, open);
    const queue = this.#waiting.get(key);
    if (queue && ready) {
      queue.push(() => ready(null, this.#open(key, open)));
      return undefined;
    }
    const socket = this.#open(key, open);
    if (!queue && !this.#led.has(key)) this.#leadFirstHandshake(key, socket);
    return socket;
  }

  #open(key: string, open: OpenConnection): Duplex {
    const session = this.#sessions.get(key);
    const socket = open(session && !setSession ? { session } : {});
    if (session && setSession) setSession.call(socket, session);
    const tls = socket as TLSSocket;
    tls.on('session', (next: Buffer) => this.#remember(key, next));
    // As Node's agent does: a connection that failed may have failed on its session.
    tls.once('close', (hadError: boolean) => {
      if (hadError) this.#sessions.delete(key);
    });
    return socket;
  }

  #remember(key: string, session: Buffer): void {
    if (!this.#sessions.has(key) && this.#sessions.size >= MAX_CACHED_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    this.#sessions.set(key, session);
  }

  #leadFirstHandshake(key: string, socket: Duplex): void {
    this.#led.add(key);
    this.#waiting.set(key, []);
    const started = Date.now();
    let released = false;
    let grace: NodeJS.Timeout | undefined;
    const release = () => {
      if (released) return;
      released = true;
      if (grace) clearTimeout(grace);
      const queue = this.#waiting.get(key) ?? [];
      this.#waiting.delete(key);
      for (const go of queue) go();
    };
    // Listeners added after #open's: the session is cached before the waiters open their connections.
    // TLS 1.3 tickets arrive before the first answer bytes, so 'data' only ends the wait for a server that
    // issues none.
    socket.once('session', release);
    socket.once('data', release);
    socket.once('secureConnect', () => {
      const ms = Math.min(MAX_TICKET_WAIT_MS, Math.max(MIN_TICKET_WAIT_MS, Date.now() - started));
      grace = setTimeout(release, ms);
      grace.unref();
    });
    // 'error' comes before 'close': a retry of the failed request must not wait behind its own failure.
    socket.once('error', release);
    socket.once('close', release);
  }
}
