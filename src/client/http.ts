/**
 * One HTTP exchange with ISE, and nothing more: no retries, no parsing, no errors thrown. The result is either
 * the raw response (any status, body as text) or a classified transport failure, so the retry loop above can
 * decide what to do from plain data. axios is configured to hand back everything (`validateStatus` always
 * true, body untransformed) because every status and every body shape is judged explicitly by the client.
 *
 * The whole-request timeout is a wall-clock deadline (an AbortController), separate from the connect timeout
 * the agents enforce, so "ISE is unreachable" and "ISE is slow" stay distinguishable.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import { type AgentSet, CONNECT_TIMEOUT_CODE, sharedAgents } from './agent';
import { axios } from './axios';
import type { CaBundle } from './tls-context';

export interface TransportSettings {
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
  const agents = sharedAgents(settings);
  const instance = createAxios(settings, agents);
  // Per request only the agent is chosen; everything else was configured once, above.
  const fresh = { httpAgent: agents.fresh.http, httpsAgent: agents.fresh.https };
  return {
    send: (request) =>
      sendOnce(instance, settings.requestTimeoutMs, request, request.reuseConnection ? undefined : fresh),
  };
}

function createAxios(settings: TransportSettings, agents: AgentSet): AxiosInstance {
  return axios.create({
    baseURL: settings.baseUrl,
    httpAgent: agents.reuse.http,
    httpsAgent: agents.reuse.https,
    // axios's own proxy support mishandles https targets; a proxy, if any, belongs in the agent.
    proxy: false,
    maxRedirects: 0,
    maxContentLength: settings.maxResponseBytes,
    maxBodyLength: settings.maxResponseBytes,
    responseType: 'text',
    responseEncoding: 'utf8',
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });
}

async function sendOnce(
  instance: AxiosInstance,
  timeoutMs: number,
  request: HttpRequest,
  agents: { httpAgent: unknown; httpsAgent: unknown } | undefined,
): Promise<Attempt> {
  const controller = new AbortController();
  let deadlineHit = false;
  const deadline = setTimeout(() => {
    deadlineHit = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await instance.request<string>({
      method: request.method,
      url: request.path,
      headers: request.headers,
      data: request.data,
      signal: controller.signal,
      ...agents,
    });
    return { response: toRawResponse(response) };
  } catch (err) {
    if (deadlineHit) {
      const detail = `no complete answer within ${timeoutMs} ms`;
      return { failure: { kind: 'timeout', code: REQUEST_TIMEOUT_CODE, detail, phase: 'request' } };
    }
    return { failure: classifyError(err) };
  } finally {
    clearTimeout(deadline);
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
