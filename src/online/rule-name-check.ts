/**
 * Checks the ISE names that MFA rules use against what ISE has: each entry's policy set (one policy-set list
 * per service used) and every library condition a condition names (one by-name lookup per distinct name, and
 * the service's library list only when a name is unknown, for the did-you-mean). A name ISE does not know
 * becomes an error at the `file:line:col` of that name, as the AD names are checked in `name-check.ts`.
 *
 * Like that check it walks the file as written (normalizing sorts policies and drops positions), with
 * `${env:…}` references resolved as the loader resolves them, and only runs on a file the loader accepted.
 * The fast path (`ruleNamesAllKnown`) works on the loaded state, so `plan` re-reads the file only to place
 * a name that is actually unknown.
 */
import type { IseClient } from '../client/types';
import { resolveEnvReferences } from '../desired/env-refs';
import { error, type Finding } from '../desired/findings';
import { reparse } from '../desired/reparse';
import { toIssue } from '../desired/source-map';
import type { Issue } from '../errors';
import type { MfaPolicy, PolicyService, RuleCondition } from '../model/state';
import { didYouMean } from './did-you-mean';

/** The lookups this check needs; `IseClient` has them (wrap it with `withPolicyLookupCache` to share them). */
export type PolicyLookups = Pick<
  IseClient,
  'listPolicySets' | 'getLibraryCondition' | 'listLibraryConditions'
>;

const SERVICE_LABEL: Record<PolicyService, string> = {
  deviceAdmin: 'Device Admin',
  networkAccess: 'Network Access',
};

interface PolicyEntry {
  service?: PolicyService;
  policySet?: string;
  rules?: Array<{ name?: string; condition?: unknown }>;
}

/** A library name used somewhere in the file, with the pointer of its `library` value. */
interface LibraryUse {
  service: PolicyService;
  name: string;
  pointer: string;
  rule: string;
}

function libraryUses(condition: unknown, pointer: string, found: (name: string, at: string) => void): void {
  if (condition === null || typeof condition !== 'object') return;
  const node = condition as Record<string, unknown>;
  if (typeof node.library === 'string') found(node.library.trim(), `${pointer}/library`);
  for (const block of ['and', 'or'] as const) {
    const children = node[block];
    if (!Array.isArray(children)) continue;
    for (const [i, child] of children.entries()) libraryUses(child, `${pointer}/${block}/${i}`, found);
  }
  if ('not' in node) libraryUses(node.not, `${pointer}/not`, found);
}

function listOf(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 12).map((n) => `"${n}"`);
  return names.length > shown.length
    ? `${shown.join(', ')} and ${names.length - shown.length} more`
    : shown.join(', ');
}

function names(items: Array<{ name?: string }>): string[] {
  return items.map((item) => item.name ?? '').filter((n) => n !== '');
}

/**
 * Each fact is asked for once, and all of them at the same time: one round trip for the policy-set lists
 * and the by-name lookups together, and a second one only for the library list of a name that is unknown.
 */
function memoLookups(lookups: PolicyLookups) {
  const sets = new Map<PolicyService, Promise<string[]>>();
  const conditions = new Map<string, Promise<boolean>>();
  const libraries = new Map<PolicyService, Promise<string[]>>();
  const once = <K, V>(map: Map<K, Promise<V>>, key: K, fetch: () => Promise<V>) => {
    if (!map.has(key)) map.set(key, fetch());
    return map.get(key)!;
  };
  return {
    policySets: (service: PolicyService) =>
      once(sets, service, async () => names(await lookups.listPolicySets(service))),
    hasCondition: (service: PolicyService, name: string) =>
      once(conditions, JSON.stringify([service, name]), async () => {
        return (await lookups.getLibraryCondition(service, name)) !== null;
      }),
    libraries: (service: PolicyService) =>
      once(libraries, service, async () => names(await lookups.listLibraryConditions(service))),
  };
}

function policySetFinding(i: number, service: PolicyService, wanted: string, known: string[]): Finding[] {
  if (known.includes(wanted)) return [];
  return [
    error(
      `/mfaPolicies/${i}/policySet`,
      `${SERVICE_LABEL[service]} policy set "${wanted}" is not on ISE${didYouMean(wanted, known)} ` +
        `(ISE has: ${listOf(known)}); ise-duo does not create policy sets: create it in ISE, or name one it has`,
    ),
  ];
}

async function findingsFor(policies: PolicyEntry[], lookups: PolicyLookups): Promise<Finding[]> {
  const memo = memoLookups(lookups);
  const uses: LibraryUse[] = [];
  const sets: Array<{ i: number; service: PolicyService; wanted: string }> = [];
  for (const [i, policy] of policies.entries()) {
    const { service, policySet } = policy;
    if (service === undefined || policySet === undefined) continue;
    sets.push({ i, service, wanted: policySet.trim() });
    for (const [j, rule] of (policy.rules ?? []).entries()) {
      libraryUses(rule.condition, `/mfaPolicies/${i}/rules/${j}/condition`, (name, pointer) =>
        uses.push({ service, name, pointer, rule: rule.name?.trim() ?? '' }),
      );
    }
  }
  const [known, found] = await Promise.all([
    Promise.all(sets.map((s) => memo.policySets(s.service))),
    Promise.all(uses.map((u) => memo.hasCondition(u.service, u.name))),
  ]);
  const findings = sets.flatMap((s, k) => policySetFinding(s.i, s.service, s.wanted, known[k]!));
  for (const [k, use] of uses.entries()) {
    if (found[k]) continue;
    const library = await memo.libraries(use.service);
    findings.push(
      error(
        use.pointer,
        `MFA rule "${use.rule}": "${use.name}" is not a ${SERVICE_LABEL[use.service]} library condition on ISE` +
          (didYouMean(use.name, library) || ` (ISE has: ${listOf(library)})`),
      ),
    );
  }
  return findings;
}

function entriesOf(policies: MfaPolicy[]): PolicyEntry[] {
  return policies.map((p) => ({
    service: p.service,
    policySet: p.policySet,
    rules: p.rules.map((r) => ({ name: r.name, condition: r.condition as RuleCondition | null })),
  }));
}

/** Whether ISE has every policy set and library condition the loaded policies name. No file I/O. */
export async function ruleNamesAllKnown(policies: MfaPolicy[], lookups: PolicyLookups): Promise<boolean> {
  return (await findingsFor(entriesOf(policies), lookups)).length === 0;
}

/**
 * Positioned issues for every unknown policy set and library condition in `path` (labelled `label`).
 * Returns [] when the file cannot be parsed: the loader has already reported that.
 */
export async function checkRuleNamesOnline(
  path: string,
  label: string,
  env: NodeJS.ProcessEnv,
  lookups: PolicyLookups,
): Promise<Issue[]> {
  const again = await reparse(path, label);
  if (!again) return [];
  const tree = resolveEnvReferences(again.value, env).tree as { mfaPolicies?: PolicyEntry[] };
  const findings = await findingsFor(tree.mfaPolicies ?? [], lookups);
  return findings.map((f) => toIssue(again.map, f)).sort((a, b) => a.line - b.line || a.column - b.column);
}
