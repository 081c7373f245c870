/**
 * One HTTP exchange with ISE, and nothing more: no retries, no parsing, no errors thrown. The result is either
 * the raw response (any status, body as text) or a classified transport failure, so the retry loop above can
 * decide what to do from plain data. axios is configured to hand back everything (`validateStatus` always
 * true, body untransformed) because every status and every body shape is judged explicitly by the client.
 *
 * The whole-request timeout is a wall-clock deadline (axios's abort signal), separate from the connect timeout
 * the agents enforce, so "ISE is unreachable" and "ISE is slow" stay distinguishable.
 */
import type { Axios, AxiosResponse } from 'axios';
import { type AgentSet, CONNECT_TIMEOUT_CODE, sharedAgents } from './agent';
import { axios } from './axios';
import { Deadline } from './deadline';
import type { StopSignal } from './stop-signal';
import type { CaBundle } from './tls-context';

export interface TransportSettings {
  /** Scheme, host, port (and any path prefix), without a trailing slash: request paths are appended. */
  baseUrl: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxResponseBytes: number;
  insecure: boolean;
  ca?: CaBundle;
}

export interface HttpRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Already URL-encoded, starting with `/api/v1/`. */
  path: string;
  headers: Record<string, string>;
  /** Serialised JSON, or undefined for no body. */
  data?: string;
  /** A read without side effects: may go over a pooled keep-alive socket (see agent.ts). */
  reuseConnection?: boolean;
  /**
   * Abort the exchange when one fires (a failure with ABANDONED_CODE): the caller's own (a sync's status
   * poll it stopped waiting for) and the reads' stop on Ctrl-C (see stop-signal.ts).
   */
  stops?: readonly StopSignal[];
}

export interface RawResponse {
  status: number;
  /** Lower-cased, '' when absent. */
  contentType: string;
  retryAfter?: string;
  location?: string;
  body: string;
}

export type TransportFailureKind = 'network' | 'timeout' | 'tls' | 'too-large';

export interface TransportFailure {
  kind: TransportFailureKind;
  /** Node's or axios's error code, or CONNECT_TIMEOUT_CODE / REQUEST_TIMEOUT_CODE. */
  code: string;
  /** Node's error message: never contains request data. */
  detail: string;
  /** 'connect': the request cannot have reached ISE. 'request': it may have. */
  phase: 'connect' | 'request';
}

export type Attempt = { response: RawResponse } | { failure: TransportFailure };

export const REQUEST_TIMEOUT_CODE = 'ISE_DUO_REQUEST_TIMEOUT';
export const TOO_LARGE_CODE = 'ISE_DUO_RESPONSE_TOO_LARGE';
export const ABANDONED_CODE = 'ISE_DUO_ABANDONED';

const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  CONNECT_TIMEOUT_CODE,
]);

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|EPROTO$|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH|INVALID_CA)/;

export interface Transport {
  send(request: HttpRequest): Promise<Attempt>;
}

export function createTransport(settings: TransportSettings): Transport {
  const { reuse, fresh } = sharedAxios(sharedAgents(settings), settings.maxResponseBytes);
  const origin = settings.baseUrl;
  return {
    send: (request) =>
      sendOnce(request.reuseConnection ? reuse : fresh, origin, settings.requestTimeoutMs, request),
  };
}

/**
 * The axios instances of one agent set and response size bound: one for reads (pooled sockets) and one for
 * everything else (fresh sockets), shared by every client of the process, so a fleet of a thousand targets
 * builds two, not a thousand. They are bare `Axios` objects, not `axios.create()` ones: `create` merges in
 * axios's global defaults (a header group per HTTP method, xsrf names, transitional flags, the adapter list),
 * and axios merges and walks every default key again on every request. Here each request's merge walks the
 * ten keys below and the request's own five (method, URL, headers, body, deadline), nothing more.
 */
const instances = new WeakMap<AgentSet, Map<number, { reuse: Axios; fresh: Axios }>>();

function sharedAxios(agents: AgentSet, maxResponseBytes: number): { reuse: Axios; fresh: Axios } {
  let bySize = instances.get(agents);
  if (!bySize) {
    bySize = new Map();
    instances.set(agents, bySize);
  }
  let pair = bySize.get(maxResponseBytes);
  if (!pair) {
    pair = {
      reuse: createAxios(maxResponseBytes, agents.reuse),
      fresh: createAxios(maxResponseBytes, agents.fresh),
    };
    bySize.set(maxResponseBytes, pair);
  }
  return pair;
}

const httpAdapter = axios.getAdapter('http');

function createAxios(maxResponseBytes: number, agents: AgentSet['reuse']): Axios {
  return new axios.Axios({
    // The Node http adapter itself: no per-request lookup through axios's adapter list.
    adapter: httpAdapter,
    httpAgent: agents.http,
    httpsAgent: agents.https,
    // axios's own proxy support mishandles https targets; a proxy, if any, belongs in the agent.
    proxy: false,
    maxRedirects: 0,
    maxContentLength: maxResponseBytes,
    maxBodyLength: maxResponseBytes,
    // The body as text, untransformed (no transformRequest/transformResponse: bodies are strings already,
    // and every status and body shape is judged by the client, hence validateStatus always true).
    responseType: 'text',
    responseEncoding: 'utf8',
    validateStatus: () => true,
  });
}

async function sendOnce(
  instance: Axios,
  origin: string,
  timeoutMs: number,
  request: HttpRequest,
): Promise<Attempt> {
  const deadline = new Deadline(timeoutMs);
  const stops = request.stops ?? [];
  const abort = () => deadline.abort();
  const unstops = stops.map((stop) => stop.onStop(abort));
  try {
    const response = await instance.request<string>({
      method: request.method,
      url: origin + request.path,
      headers: request.headers,
      data: request.data,
      signal: deadline,
    });
    return { response: toRawResponse(response) };
  } catch (err) {
    if (stops.some((stop) => stop.stopped)) {
      const detail = 'abandoned by the caller before ISE answered';
      return { failure: { kind: 'network', code: ABANDONED_CODE, detail, phase: 'request' } };
    }
    if (deadline.aborted) {
      const detail = `no complete answer within ${timeoutMs} ms`;
      return { failure: { kind: 'timeout', code: REQUEST_TIMEOUT_CODE, detail, phase: 'request' } };
    }
    return { failure: classifyError(err) };
  } finally {
    deadline.clear();
    for (const unstop of unstops) unstop();
  }
}

function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function toRawResponse(response: AxiosResponse<string>): RawResponse {
  return {
    status: response.status,
    contentType: (header(response, 'content-type') ?? '').toLowerCase(),
    retryAfter: header(response, 'retry-after'),
    location: header(response, 'location'),
    body: typeof response.data === 'string' ? response.data : String(response.data ?? ''),
  };
}

/** Maps whatever axios or Node threw to a TransportFailure. Only the code and Node's message are kept. */
export function classifyError(err: unknown): TransportFailure {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? 'UNKNOWN';
  const detail = e.message ?? String(err);
  if (/maxContentLength|maxBodyLength/.test(detail)) {
    return { kind: 'too-large', code: TOO_LARGE_CODE, detail, phase: 'request' };
  }
  if (code === CONNECT_TIMEOUT_CODE) return { kind: 'timeout', code, detail, phase: 'connect' };
  if (code === 'ETIMEDOUT') return { kind: 'timeout', code, detail, phase: 'request' };
  if (TLS_CODE.test(code)) return { kind: 'tls', code, detail, phase: 'connect' };
  return { kind: 'network', code, detail, phase: CONNECT_PHASE_CODES.has(code) ? 'connect' : 'request' };
}
