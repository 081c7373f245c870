/**
 * The MFA-rule kind's part of a live read (see `KindRead`):
 * - lookups, in the second round (beside the lists; alone while MFA is off, since the policy-set and
 *   condition endpoints answer then too): one policy-set list per service the file uses, and each library
 *   condition its rules name, by name;
 * - third round (MFA on only; the MFA-rule endpoints answer 403 while it is off): one MFA-rule list per
 *   policy set the file names that exists. Each list holds whole rules. They need only the lookups, but
 *   run with the details rather than the lists on purpose: a 403 from the lists means "feature off, no
 *   objects", and a 403 on rules while the status says MFA is on (an account without policy rights) must
 *   be an error, never an empty table that the plan would fill with duplicate creates;
 * - last, only when the plan may delete a Duo connection or take a type from one: every other MFA table of
 *   both services, read-only, so the planner can refuse to delete (or narrow) a connection that a rule it
 *   does not manage still names.
 * A 404 on an MFA-rule list means this ISE has no MFA-rule API: one line says so.
 */
import type { IseClient } from '../client/types';
import { ApiError } from '../errors';
import { hashJson } from '../model/plan';
import { type LiveMfaPolicy, type LiveState, POLICY_SERVICES, type PolicyService } from '../model/state';
import { mfaRuleFromWire, ruleKey, withConnectionNames } from './mfa-rule';
import type { KindRead, ReadScope } from './resource-spec';

const PATH_KIND: Record<PolicyService, string> = {
  deviceAdmin: 'device-admin',
  networkAccess: 'network-access',
};

async function readTable(
  client: IseClient,
  service: PolicyService,
  policySet: string,
  policySetId: string,
): Promise<LiveMfaPolicy> {
  try {
    const rules = (await client.listMfaRules(service, policySetId)).map(mfaRuleFromWire);
    return { service, policySet, policySetId, rules: rules.sort((a, b) => a.rank - b.rank) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.details.kind === 'http') {
      throw new ApiError(
        err.details,
        `this ISE has no MFA-rule API (GET /api/v1/policy/${PATH_KIND[service]}/policy-set/{id}/mfa answered 404): ` +
          'MFA policy rules need an ISE release that serves them; remove mfaPolicies from the file for this ISE',
      );
    }
    throw err;
  }
}

async function listSets(client: IseClient, service: PolicyService, state: LiveState): Promise<void> {
  for (const set of await client.listPolicySets(service)) {
    const name = (set.name ?? '').trim();
    if (name && set.id) state.policySetIds[`${service}/${name}`] = set.id;
  }
}

/** Whether the plan will delete a live connection: the file prunes and does not name it. */
function deletesAConnection(scope: ReadScope, state: LiveState): boolean {
  if (!scope.prune || scope.duoConnections === 'all') return false;
  const kept = new Set(scope.duoConnections);
  return state.duoConnections.some((c) => !kept.has(c.name));
}

/** Whether the plan takes from a connection on ISE a type that it has now (a rule may rely on it). */
function narrowsAConnection(scope: ReadScope, state: LiveState): boolean {
  const wanted = scope.connectionTypes;
  if (!wanted) return false;
  return state.duoConnections.some((c) => {
    const types = wanted[c.name];
    return types !== undefined && c.types.some((t) => !types.includes(t));
  });
}

export function readMfaRules(client: IseClient, scope: ReadScope, state: LiveState): KindRead {
  const all = scope.mfaPolicies === 'all';
  const named = scope.mfaPolicies === 'all' ? [] : (scope.mfaPolicies ?? []);
  const services = all
    ? [...POLICY_SERVICES]
    : POLICY_SERVICES.filter((s) => named.some((p) => p.service === s));
  const listed = new Set<PolicyService>(services);
  const tables = () =>
    all
      ? Object.entries(state.policySetIds).map(([key, id]) => {
          const [service, ...rest] = key.split('/');
          return { service: service as PolicyService, policySet: rest.join('/'), id };
        })
      : named.flatMap((p) => {
          const id = state.policySetIds[`${p.service}/${p.policySet}`];
          return id ? [{ ...p, id }] : [];
        });
  return {
    lookups: async () => {
      await Promise.all([
        ...services.map((service) => listSets(client, service, state)),
        ...(scope.libraryConditions ?? []).map(async ({ service, name }) => {
          const found = await client.getLibraryCondition(service, name);
          if (found?.id) state.libraryConditionIds[`${service}/${name}`] = found.id;
        }),
      ]);
    },
    detail: async () => {
      state.mfaPolicies = await Promise.all(
        tables().map((t) => readTable(client, t.service, t.policySet, t.id)),
      );
    },
    last: async () => {
      // Once every connection is listed: a rule's connection as ISE may answer it (a host name) is named.
      state.mfaPolicies = withConnectionNames(state.mfaPolicies, state.duoConnections);
      if (!deletesAConnection(scope, state) && !narrowsAConnection(scope, state)) return;
      const missing = POLICY_SERVICES.filter((s) => !listed.has(s));
      await Promise.all(missing.map((service) => listSets(client, service, state)));
      const read = new Set(state.mfaPolicies.map((p) => p.policySetId));
      const others = Object.entries(state.policySetIds).filter(([, id]) => !read.has(id));
      const otherTables = await Promise.all(
        others.map(([key, id]) => {
          const [service, ...rest] = key.split('/');
          return readTable(client, service as PolicyService, rest.join('/'), id);
        }),
      );
      state.otherMfaPolicies = withConnectionNames(otherTables, state.duoConnections);
    },
    fingerprints: () => {
      const out: Record<string, string> = {};
      for (const p of state.mfaPolicies) {
        out[`mfa-policy/${p.service}/${p.policySet}`] = hashJson(p.rules.map((r) => r.id));
        for (const r of p.rules) out[`mfa-rule/${ruleKey(p.service, p.policySet, r.name)}`] = hashJson(r);
      }
      return out;
    },
  };
}
