/**
 * Reads the MFA rules of every policy set of both services, for `export`: by definition it writes them all,
 * so it is the one reader that lists policy sets the user did not name (plan, apply and drift read only the
 * sets the file names). Read-only like the rest of export, and bounded like it: besides the export client's
 * own in-flight limit (`maxInFlight`), the per-set rule lists go out at most `RULE_LISTS_AT_ONCE` at a time,
 * the width a target's idle socket pool is sized for, so an ISE with hundreds of policy sets gets a steady
 * trickle of GETs instead of a burst.
 *
 * What ISE may answer instead of rules:
 * - 403 on the rule lists: the MFA feature is off (it was on when the status was read): no rules, as with
 *   syncs and connections;
 * - 404 on every rule list: this ISE has no MFA-rule API (older than the policy API for MFA): no rules, and
 *   a note says so; a 404 on some lists only is a policy set deleted between the list and the read.
 * Library references come back with their name filled in on the ISEs we know of; where one does not, the
 * service's library conditions are listed once, to write the reference by name.
 */
import type { IseClient } from '../client/types';
import type { WireRuleMfa } from '../client/wire-policy';
import { ApiError } from '../errors';
import {
  type LiveMfaPolicy,
  type LiveMfaRule,
  POLICY_SERVICES,
  type PolicyService,
  type RuleCondition,
} from '../model/state';

export const RULE_LISTS_AT_ONCE = 4;

/** The kind's own wire-to-model conversion (src/resources/), passed in so that there is only one. */
export type RuleFromWire = (wire: WireRuleMfa) => LiveMfaRule;

export interface ExportedPolicies {
  policies: LiveMfaPolicy[];
  /** Library condition names by id, for references that came back without one. */
  libraryNames: Map<string, string>;
  /** Things the user should know, e.g. that this ISE has no MFA-rule API. */
  notes: string[];
}

const statusOf = (err: unknown) => (err instanceof ApiError ? err.status : undefined);

/** `fn` over `items`, at most `limit` at a time; results in the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function unnamedReferences(condition: RuleCondition | null, into: Set<string>): void {
  if (!condition) return;
  if ('not' in condition) unnamedReferences(condition.not, into);
  else if ('and' in condition) for (const c of condition.and) unnamedReferences(c, into);
  else if ('or' in condition) for (const c of condition.or) unnamedReferences(c, into);
  else if ('library' in condition && !condition.library && condition.id) into.add(condition.id);
}

type SetRead = { policy: LiveMfaPolicy } | { missing: true };

async function readSet(
  client: IseClient,
  toRule: RuleFromWire,
  service: PolicyService,
  set: { id: string; name: string },
): Promise<SetRead> {
  try {
    const wire = await client.listMfaRules(service, set.id);
    const rules = wire.map((w) => toRule(w)).sort((a, b) => a.rank - b.rank);
    return { policy: { service, policySet: set.name, policySetId: set.id, rules } };
  } catch (err) {
    if (statusOf(err) === 404) return { missing: true };
    throw err;
  }
}

async function libraryNamesFor(client: IseClient, policies: LiveMfaPolicy[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const service of POLICY_SERVICES) {
    const wanted = new Set<string>();
    for (const p of policies.filter((x) => x.service === service))
      for (const r of p.rules) unnamedReferences(r.condition, wanted);
    if (!wanted.size) continue;
    for (const c of await client.listLibraryConditions(service))
      if (c.id && c.name && wanted.has(c.id)) names.set(c.id, c.name);
  }
  return names;
}

/** Every policy set's MFA rules, both services, sets in ISE's order. Call only while MFA is on. */
export async function readAllPolicies(client: IseClient, toRule: RuleFromWire): Promise<ExportedPolicies> {
  const sets = (
    await Promise.all(
      POLICY_SERVICES.map(async (service) =>
        (
          await client.listPolicySets(service)
        )
          .filter((s) => s.id && s.name)
          .map((s) => ({ service, id: s.id!, name: s.name!.trim() })),
      ),
    )
  ).flat();
  let reads: SetRead[];
  try {
    reads = await mapBounded(sets, RULE_LISTS_AT_ONCE, (s) => readSet(client, toRule, s.service, s));
  } catch (err) {
    if (statusOf(err) === 403) return { policies: [], libraryNames: new Map(), notes: [] };
    throw err;
  }
  const policies = reads.flatMap((r) => ('policy' in r ? [r.policy] : []));
  const notes =
    sets.length > 0 && policies.length === 0
      ? ['This ISE has no MFA-rule API (404 on every policy set): no mfaPolicies exported.']
      : [];
  return { policies, libraryNames: await libraryNamesFor(client, policies), notes };
}
