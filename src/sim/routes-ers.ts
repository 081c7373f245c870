/**
 * The two read operations of ISE's legacy ERS Active Directory API
 * (`cisco-ise-legacy-ers-active-directory.yaml`) that ise-duo uses to check join-point and group names while
 * Duo MFA is off (the `duo-identitysync` lookups answer 403 then): the paged `SearchResult` list and the
 * `ERSActiveDirectory` of one join point. The join points are the seed's, with the `directoryID` as the ERS
 * id, in seed order.
 *
 * Not behind the MFA switch. The server answers every `/ers` request 403 while the seed's `ersEnabled` is
 * false, and renders every ERS error, its own included, as an `ERSResponse` (`ersError`), not the Open API's
 * `{code, message}`.
 */
import type { SimResponse } from './http';
import { badRequest, ok, SimError } from './http';
import { type Route, route } from './router';
import type { SeedActiveDirectory } from './types';

export const ERS_PREFIX = '/ers/';
const BASE = '/ers/config/activedirectory';
export const ERS_DISABLED = 'ERS is disabled or the user has no ERS role';
/** ERS's default page size, and the largest it accepts. */
export const ERS_DEFAULT_PAGE_SIZE = 20;
export const ERS_MAX_PAGE_SIZE = 100;

/**
 * The `code` of an ERS message per status. "Resource not found exception" is ISE's; the others follow its
 * style (unverified against a live ISE).
 */
const CODES: Record<number, string> = {
  400: 'Application resource validation exception',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Resource not found exception',
  405: 'Method not allowed',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** ERS names operations `GET-getAll-activedirectory`; the rest get `METHOD-resource`. */
function ersOperation(method: string, pathname: string): string {
  const [, , , resource = 'ers', id, ...rest] = pathname.split('/');
  if (method === 'GET' && resource === 'activedirectory' && rest.length === 0) {
    if (id === undefined) return 'GET-getAll-activedirectory';
    if (id !== '') return 'GET-getByID-activedirectory';
  }
  if (method === 'GET' && resource === 'activedirectory' && id === 'name' && rest.length === 1) {
    return 'GET-getByName-activedirectory';
  }
  return `${method}-${resource || 'ers'}`;
}

/** An ERS error: `{ERSResponse: {operation, messages: [{title, type: "ERROR", code}], link}}`. */
export function ersError(
  status: number,
  title: string,
  request: { method: string; pathname: string; origin: string },
): SimResponse {
  return {
    status,
    body: {
      ERSResponse: {
        operation: ersOperation(request.method, request.pathname),
        messages: [{ title, type: 'ERROR', code: CODES[status] ?? 'Internal server error' }],
        link: { rel: 'related', href: `${request.origin}${request.pathname}`, type: 'application/xml' },
      },
    },
  };
}

const selfLink = (origin: string, id: string) => ({
  rel: 'self',
  href: `${origin}${BASE}/${encodeURIComponent(id)}`,
  type: 'application/json',
});

/** A whole-number query parameter, or the default when absent. */
function wholeNumber(query: URLSearchParams, key: string, fallback: number, max = Infinity): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= max)) {
    const range = max === Infinity ? '1 or more' : `from 1 to ${max}`;
    throw badRequest(`The "${key}" parameter must be a whole number ${range}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

function searchResult(dirs: SeedActiveDirectory[], query: URLSearchParams, origin: string): unknown {
  const size = wholeNumber(query, 'size', ERS_DEFAULT_PAGE_SIZE, ERS_MAX_PAGE_SIZE);
  const page = wholeNumber(query, 'page', 1);
  const first = (page - 1) * size;
  const resources = dirs.slice(first, first + size).map((d) => ({
    id: d.directoryID,
    name: d.name,
    description: d.description ?? '',
    link: selfLink(origin, d.directoryID),
  }));
  const pageLink = (rel: string, n: number) => ({
    rel,
    href: `${origin}${BASE}?size=${size}&page=${n}`,
    type: 'application/json',
  });
  const result: Record<string, unknown> = { total: dirs.length, resources };
  // Only to pages that hold something: none past the last page, none before the first.
  if (page > 1 && first - size < dirs.length) result.previousPage = pageLink('previous', page - 1);
  if (first + size < dirs.length) result.nextPage = pageLink('next', page + 1);
  return { SearchResult: result };
}

/** `ERSActiveDirectory` of one join point (by id or by name: the two operations answer alike). */
function joinPoint(dir: SeedActiveDirectory | undefined, origin: string): SimResponse {
  if (!dir) throw new SimError(404, 'Resource not found');
  return ok({
    ERSActiveDirectory: {
      id: dir.directoryID,
      name: dir.name,
      description: dir.description ?? '',
      domain: dir.domain,
      enableDomainWhiteList: true,
      adGroups: { groups: dir.groups.map(({ name, sid }) => ({ name, sid })) },
      link: selfLink(origin, dir.directoryID),
    },
  });
}

export const ersRoutes: Route[] = [
  route('GET', BASE, false, ({ store, query, origin }) =>
    ok(searchResult(store.directory.joinPoints, query, origin)),
  ),
  // By exact name: ISE's join point names are its own identifiers (case as created).
  route('GET', `${BASE}/name/:name`, false, ({ store, params, origin }) =>
    joinPoint(
      store.directory.joinPoints.find((d) => d.name === params[0]),
      origin,
    ),
  ),
  route('GET', `${BASE}/:id`, false, ({ store, params, origin }) =>
    joinPoint(store.directory.byId(params[0]), origin),
  ),
];
