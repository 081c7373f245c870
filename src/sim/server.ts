/**
 * The HTTP(S) front of the simulator: one pipeline for every `/api` and `/ers` request (log → latency →
 * fault → basic auth → ERS switch → route → MFA feature switch → handler → answer), the `/_sim/` control
 * endpoints beside it. Every request is handled inside a catch, so bad input can only ever produce a 4xx/5xx
 * with the spec's Error body (an `ERSResponse` under `/ers`), never a crash. Request lines go to the logger
 * at debug level; bodies never do (they carry Duo secret keys).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { pathForDisplay } from '../model/path-for-display';
import { type ControlTarget, handleControl } from './control';
import type { FaultRegistry } from './faults';
import {
  badRequest,
  errorResponse,
  parseJson,
  type RequestBody,
  readBody,
  SimError,
  type SimResponse,
  send,
} from './http';
import type { SimStore } from './object-store';
import type { PolicyStore } from './policy-store';
import type { PendingRequest, RequestLog } from './request-log';
import { findRoute } from './router';
import { ERS_DISABLED, ERS_PREFIX, ersError, ersRoutes } from './routes-ers';
import { identitySyncRoutes } from './routes-identity-sync';
import { mfaRoutes } from './routes-mfa';
import { policyMfaRoutes } from './routes-policy-mfa';
import { policySetRoutes } from './routes-policy-sets';
import type { SyncRunner } from './sync-job-runner';
import type { FaultSpec, SecretsMode } from './types';

const ROUTES = [...mfaRoutes, ...identitySyncRoutes, ...policySetRoutes, ...policyMfaRoutes, ...ersRoutes];
export const FEATURE_DISABLED = 'The specified resource was not found / MFA feature is disabled';

export interface ServerDeps {
  store: SimStore;
  policy: PolicyStore;
  runner: SyncRunner;
  faults: FaultRegistry;
  log: RequestLog;
  control: ControlTarget;
  username: string;
  password: string;
  secrets: SecretsMode;
  logger: Logger;
  latencyMs: () => number;
  stopped: () => boolean;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function authorized(header: string | undefined, username: string, password: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  return timingSafeEqual(digest(given), digest(`${username}:${password}`));
}

/** Sleeps at least `ms` by the same clock the request log measures with (timers may fire a little early). */
async function sleepAtLeast(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)).unref());
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** One API request: the path and query apart, and how its errors are rendered. */
interface ApiRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  /** `http(s)://host:port` as the client addressed the simulator. */
  origin: string;
  /** The error body of this API: the Open API's `{code, message}`, or ERS's `ERSResponse` under `/ers`. */
  fail: (status: number, message: string) => SimResponse;
}

function apiRequest(req: IncomingMessage, pathname: string, search: string): ApiRequest {
  const method = req.method ?? 'GET';
  const origin = `${'encrypted' in req.socket ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  const fail = pathname.startsWith(ERS_PREFIX)
    ? (status: number, message: string) => ersError(status, message, { method, pathname, origin })
    : errorResponse;
  return { method, pathname, query: new URLSearchParams(search), origin, fail };
}

/** The answer of the simulated ISE itself (no faults): auth, ERS switch, routing, feature switch, handler. */
function answer(deps: ServerDeps, req: IncomingMessage, api: ApiRequest, body: RequestBody): SimResponse {
  const { method, pathname, fail } = api;
  if (!authorized(req.headers.authorization, deps.username, deps.password)) {
    return {
      ...fail(401, 'Unauthorized'),
      headers: { 'www-authenticate': 'Basic realm="Cisco ISE"' },
    };
  }
  // ISE's ERS switch turns off the whole ERS API, whatever the operation; the MFA switch does not touch it.
  if (pathname.startsWith(ERS_PREFIX) && !deps.store.directory.ersEnabled) return fail(403, ERS_DISABLED);
  const match = findRoute(ROUTES, method, pathname);
  if (!('route' in match)) {
    if (match.allowed.length === 0) return fail(404, `No API operation at ${pathname}`);
    return {
      ...fail(405, `Method ${method} not allowed`),
      headers: { allow: match.allowed.join(', ') },
    };
  }
  if (match.route.gated && !deps.store.mfaEnabled) return fail(403, FEATURE_DISABLED);
  if (body.tooLarge) throw badRequest('Request body is larger than 1 MiB');
  const json = method === 'GET' || method === 'DELETE' ? undefined : parseJson(body.text);
  const { store, policy, runner, secrets } = deps;
  const { query, origin } = api;
  return match.route.handle({
    params: match.params,
    body: json,
    query,
    store,
    policy,
    runner,
    secrets,
    origin,
  });
}

/** The response an injected fault gives instead of ISE's; undefined for the kinds that send nothing. */
function faultResponse(fault: FaultSpec, fail: ApiRequest['fail']): SimResponse | undefined {
  const retryAfter = (s: number | undefined) => (s === undefined ? undefined : { 'retry-after': String(s) });
  switch (fault.kind) {
    case '500':
      return fail(500, 'Internal Server Error (injected fault)');
    case '503':
      return {
        ...fail(503, 'Service Unavailable (injected fault)'),
        headers: retryAfter(fault.retryAfterSeconds ?? 1),
      };
    case '429':
      return {
        ...fail(429, 'Too Many Requests (injected fault)'),
        headers: retryAfter(fault.retryAfterSeconds),
      };
    default:
      return undefined;
  }
}

function safeAnswer(deps: ServerDeps, req: IncomingMessage, api: ApiRequest, body: RequestBody): SimResponse {
  try {
    return answer(deps, req, api, body);
  } catch (err) {
    if (err instanceof SimError) return api.fail(err.status, err.message);
    deps.logger.error({ error: (err as Error).message }, 'simulator: request failed');
    return api.fail(500, 'Internal Server Error');
  }
}

/** ISE's answer to the request, with the objects and the feature switch put back as they were before it. */
function answerWithoutEffect(
  deps: ServerDeps,
  req: IncomingMessage,
  api: ApiRequest,
  body: RequestBody,
): SimResponse {
  const before = { ...deps.store.snapshot(), ...deps.policy.snapshot() };
  const response = safeAnswer(deps, req, api, body);
  const statusAfter = new Map(deps.store.listSyncs().map((s) => [s.syncName ?? '', s.syncStatus]));
  deps.store.load(before);
  deps.policy.load(before);
  // A sync run's start or cancel also set a timer: put back the one the restored status calls for.
  for (const sync of deps.store.listSyncs()) {
    const name = sync.syncName ?? '';
    if (statusAfter.get(name) !== sync.syncStatus) deps.runner.reschedule(name);
  }
  deps.store.onChange(); // the state file, if any, holds what was put back
  return response;
}

function respond(
  res: ServerResponse,
  deps: ServerDeps,
  pending: PendingRequest,
  response: SimResponse,
  fault?: FaultSpec,
) {
  const requestId = res.req.headers['x-request-id'];
  const headers = {
    ...response.headers,
    ...(typeof requestId === 'string' ? { 'x-request-id': requestId } : {}),
  };
  send(res, { ...response, headers });
  deps.log.finish(pending, response.status, fault?.kind);
  // The log entry keeps the path as sent (the bench reads it); the debug line hides key-shaped names.
  deps.logger.debug(
    { ...pending.entry, path: pathForDisplay(pending.entry.path, asIs) },
    'simulator: request',
  );
}

const asIs = (text: string) => text;

async function handleApi(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  api: ApiRequest,
  body: RequestBody,
) {
  const { pathname } = api;
  const pending = deps.log.start(req.method ?? 'GET', pathname, req.socket);
  res.on('close', () => deps.log.finish(pending, 0, pending.entry.fault));
  const latency = deps.latencyMs();
  if (latency > 0) await sleepAtLeast(latency);
  if (deps.stopped() || res.destroyed) return;
  const fault = deps.faults.take(req.method ?? 'GET', [pathname, safeDecode(pathname)]);
  if (fault) pending.entry.fault = fault.kind;
  if (fault?.kind === 'hang') return; // never answered; the socket is closed by the client or by stop()
  if (fault?.kind === 'drop') return void req.socket.destroy();
  const injected = fault && faultResponse(fault, api.fail);
  if (injected) return respond(res, deps, pending, injected, fault);
  if (fault?.kind === 'ignored') {
    return respond(res, deps, pending, answerWithoutEffect(deps, req, api, body), fault);
  }
  const response = safeAnswer(deps, req, api, body);
  if (fault?.kind === 'lost-response') return void req.socket.destroy(); // the write happened; the answer is lost
  respond(res, deps, pending, response);
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [pathname, ...search] = (req.url ?? '/').split('?');
  const body = await readBody(req);
  if (pathname === '/_sim' || pathname.startsWith('/_sim/')) {
    try {
      if (body.tooLarge) throw badRequest('Request body is larger than 1 MiB');
      return send(res, handleControl(deps.control, req.method ?? 'GET', pathname, body.text));
    } catch (err) {
      const status = err instanceof SimError ? err.status : 500;
      return send(res, errorResponse(status, (err as Error).message));
    }
  }
  if (!pathname.startsWith('/api/') && !pathname.startsWith(ERS_PREFIX)) {
    return send(res, errorResponse(404, `Not found: ${pathname}`));
  }
  await handleApi(deps, req, res, apiRequest(req, pathname, search.join('?')), body);
}

export type SimHttpServer = http.Server | https.Server;

export function createSimServer(deps: ServerDeps, tls?: { cert: string; key: string }): SimHttpServer {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(deps, req, res).catch((err: Error) => {
      deps.logger.error({ error: err.message }, 'simulator: request failed');
      send(res, errorResponse(500, 'Internal Server Error'));
    });
  };
  return tls ? https.createServer({ cert: tls.cert, key: tls.key }, listener) : http.createServer(listener);
}
