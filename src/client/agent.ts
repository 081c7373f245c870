/**
 * The sockets under the client: which CAs to trust, whether to verify at all, and a real connect timeout.
 *
 * axios's `timeout` covers the whole exchange, so an ISE that is slow to answer and one that cannot be reached
 * at all look the same. The agents here arm a timer when a socket is created and destroy the socket if it is
 * not connected (TCP, and for https the TLS handshake) within `connectTimeoutMs`, with a code the client maps
 * to a clear "could not connect" ApiError. Keep-alive is off: a stale pooled socket turns a never-processed
 * POST into an ECONNRESET whose outcome looks unknown, and a run sends only tens of requests.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { UsageError } from '../errors';

/** The `code` of the error a socket is destroyed with when the connect timer fires. */
export const CONNECT_TIMEOUT_CODE = 'ISE_DUO_CONNECT_TIMEOUT';

export interface AgentSettings {
  connectTimeoutMs: number;
  /** Extra CA certificates (PEM blocks) trusted on top of Node's built-in list. */
  extraCaPems?: string[];
  insecure: boolean;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads `caFile` and checks every block is a certificate. Throws UsageError: nothing has been sent yet. */
export function readCaFile(caFile: string): string[] {
  let text: string;
  try {
    text = readFileSync(caFile, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`caFile ${caFile} cannot be read (${reason})`, 'Give the path of ISE CA PEM file.');
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  const hint = "Give the PEM file (-----BEGIN CERTIFICATE-----) of the CA that signed ISE's certificate.";
  if (blocks.length === 0) throw new UsageError(`caFile ${caFile} is not a PEM certificate`, hint);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw new UsageError(`caFile ${caFile} is not a PEM certificate (a block does not parse)`, hint);
    }
  }
  return blocks;
}

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
  ) {
    super(options);
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket) armConnectTimer(socket, this.connectTimeoutMs, 'secureConnect');
    return socket;
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

export function createAgents(settings: AgentSettings): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const ca = settings.extraCaPems?.length ? [...rootCertificates, ...settings.extraCaPems] : undefined;
  const httpsAgent = new TimedHttpsAgent(
    { keepAlive: false, rejectUnauthorized: !settings.insecure, ...(ca ? { ca } : {}) },
    settings.connectTimeoutMs,
  );
  const httpAgent = new TimedHttpAgent({ keepAlive: false }, settings.connectTimeoutMs);
  return { httpAgent, httpsAgent };
}
