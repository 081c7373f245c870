/**
 * Remembers, for one run, the answers of the policy lookups: the policy-set lists and the library conditions
 * (by name, and listed). Several steps of one `plan` need the same facts (the live reader resolves policy set
 * ids and library condition ids, the online name check looks the same names up to place unknown ones in
 * the file), and issue #11 bounds the GETs of a plan: each fact is fetched once, whoever asks first.
 *
 * Only objects ise-duo never writes are remembered, so a remembered answer cannot go stale within a run
 * (the convergence plan after an apply reads MFA rules afresh: those are not cached). A failed lookup is
 * forgotten, so a retry after a transient fault asks ISE again.
 */
import type { PolicyService } from '../model/state';
import type { IseClient } from './types';
import type { WireCondition, WirePolicySet } from './wire-policy';

function remember<T>(cache: Map<string, Promise<T>>, key: string, fetch: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    found = fetch();
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

/** `client` with its three policy lookups remembered; every other method is the client's own. */
export function withPolicyLookupCache(client: IseClient): IseClient {
  const sets = new Map<string, Promise<WirePolicySet[]>>();
  const byName = new Map<string, Promise<WireCondition | null>>();
  const lists = new Map<string, Promise<WireCondition[]>>();
  return {
    ...client,
    listPolicySets: (service: PolicyService) => remember(sets, service, () => client.listPolicySets(service)),
    getLibraryCondition: (service: PolicyService, name: string) =>
      remember(byName, JSON.stringify([service, name]), () => client.getLibraryCondition(service, name)),
    listLibraryConditions: (service: PolicyService) =>
      remember(lists, service, () => client.listLibraryConditions(service)),
  };
}
