/**
 * A tiny route table for the `/api` and `/ers` operations: method + path template (`:name` = one
 * percent-encoded segment), whether the MFA feature switch guards it, and a synchronous handler. Handlers
 * return a response or throw a SimError; they never touch sockets, which keeps the fault and latency handling
 * in one place (server.ts).
 */
import type { SimResponse } from './http';
import { badRequest } from './http';
import type { SimStore } from './object-store';
import type { PolicyStore } from './policy-store';
import type { SyncRunner } from './sync-job-runner';
import type { SecretsMode } from './types';

export interface RouteContext {
  /** The `:name` segments of the path, percent-decoded. */
  params: string[];
  /** The parsed JSON body, undefined when empty. */
  body: unknown;
  /** The query string's parameters (ERS pages its lists with `size` and `page`); empty when there is none. */
  query: URLSearchParams;
  store: SimStore;
  policy: PolicyStore;
  runner: SyncRunner;
  secrets: SecretsMode;
  /** `http(s)://host:port` as the client addressed the simulator, for the `link`s ISE puts in its answers. */
  origin: string;
}

export interface Route {
  method: string;
  segments: string[];
  /** Behind the MFA feature switch: answers 403 while the feature is disabled. */
  gated: boolean;
  handle: (ctx: RouteContext) => SimResponse;
}

/** The `version` every wrapped response carries. */
export const API_VERSION = '1.0.0';

export function route(method: string, template: string, gated: boolean, handle: Route['handle']): Route {
  return { method, segments: template.split('/'), gated, handle };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`Malformed percent-encoding in path segment ${JSON.stringify(segment)}`);
  }
}

function matchSegments(template: string[], path: string[]): string[] | undefined {
  if (template.length !== path.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i].startsWith(':')) {
      if (path[i] === '') return undefined;
      params.push(decode(path[i]));
    } else if (template[i] !== path[i]) return undefined;
  }
  return params;
}

export interface RouteMatch {
  route: Route;
  params: string[];
}

/**
 * The route for a request. Literal templates are listed before parameterised ones of the same length, so the
 * first match wins. `allowed` lists the methods of routes whose path matched, for a 405 answer.
 */
export function findRoute(
  routes: Route[],
  method: string,
  pathname: string,
): RouteMatch | { allowed: string[] } {
  const path = pathname.split('/');
  const allowed: string[] = [];
  for (const candidate of routes) {
    const params = matchSegments(candidate.segments, path);
    if (!params) continue;
    if (candidate.method === method) return { route: candidate, params };
    allowed.push(candidate.method);
  }
  return { allowed };
}
