/**
 * The `mfaPolicies` part of an exported file, from the normalized model, in the file's own vocabulary: an
 * attribute test as `{dictionary, attribute, operator, value}`, a library condition by its name, `and`/`or`
 * blocks with their children in order, `not` for ISE's `isNegate`. Written from the model rather than from
 * ISE's wire objects so that what is exported is exactly what the planner compares: a round trip (export,
 * then plan) is empty by construction, not by a second translation that could drift from the first.
 *
 * Every rule is written with its three settings spelled out (`onSuccess`, `onFailure`, `state`), defaults
 * included: an exported file is read by a reviewer, and whether a rule fails open should not depend on
 * knowing the defaults. ISE's Default rule (if the table has one) is never written: ise-duo never manages it,
 * so a policy set that holds nothing else is left out.
 */
import { type Document, isNode, type Node } from 'yaml';
import { isAttributeCondition, isLibraryCondition } from '../model/rule-condition';
import type { MfaPolicy, MfaRule, RuleCondition } from '../model/state';

/** A rule as the export sees it: the model's rule, with the Default marker when it comes from ISE. */
type ExportedRule = MfaRule & { default?: boolean };
type ExportedPolicy = Omit<MfaPolicy, 'rules'> & { rules: ExportedRule[] };

/** A condition in the file's vocabulary. `names` gives a library condition's name where ISE left it out. */
export function conditionEntry(condition: RuleCondition, names?: ReadonlyMap<string, string>): unknown {
  if ('not' in condition) return { not: conditionEntry(condition.not, names) };
  if ('and' in condition) return { and: condition.and.map((c) => conditionEntry(c, names)) };
  if ('or' in condition) return { or: condition.or.map((c) => conditionEntry(c, names)) };
  if (isLibraryCondition(condition)) {
    const byId = condition.id === undefined ? undefined : names?.get(condition.id);
    return { library: condition.library || byId || condition.id || '' };
  }
  if (!isAttributeCondition(condition)) return {};
  const entry: Record<string, string> = {
    dictionary: condition.dictionary,
    attribute: condition.attribute,
    operator: condition.operator,
    value: condition.value,
  };
  if (condition.dictionaryValue) entry.dictionaryValue = condition.dictionaryValue;
  return entry;
}

function ruleEntry(rule: MfaRule, names?: ReadonlyMap<string, string>): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: rule.name, connection: rule.connection };
  // A rule without a condition cannot be written in the file; the export's self-check names it.
  if (rule.condition) entry.condition = conditionEntry(rule.condition, names);
  return { ...entry, onSuccess: rule.onSuccess, onFailure: rule.onFailure, state: rule.state };
}

/** The policies that hold rules ise-duo can manage, each with those rules in priority order. */
export function exportablePolicies(policies: readonly ExportedPolicy[]): ExportedPolicy[] {
  return policies
    .map((p) => ({ ...p, rules: p.rules.filter((r) => !r.default) }))
    .filter((p) => p.rules.length > 0);
}

/** The `mfaPolicies` list; empty when no policy set holds a rule. */
export function mfaPolicyEntries(
  policies: readonly ExportedPolicy[],
  names?: ReadonlyMap<string, string>,
): Array<Record<string, unknown>> {
  return exportablePolicies(policies).map((p) => ({
    service: p.service,
    policySet: p.policySet,
    rules: p.rules.map((r) => ruleEntry(r, names)),
  }));
}

/** How many rules, in how many policy sets, the export writes: for its summary line. */
export function ruleCounts(policies: readonly ExportedPolicy[]): { rules: number; policySets: number } {
  const kept = exportablePolicies(policies);
  return { rules: kept.reduce((n, p) => n + p.rules.length, 0), policySets: kept.length };
}

function isLeaf(entry: unknown): boolean {
  return typeof entry === 'object' && entry !== null && !('and' in entry || 'or' in entry || 'not' in entry);
}

/**
 * Leaf conditions (one attribute test, one library reference) on one line, as the examples write them;
 * blocks stay as indented lists, so that a nested condition reads as a tree.
 */
export function styleRuleNodes(doc: Document, entries: ReadonlyArray<Record<string, unknown>>): void {
  const flow = (path: Array<string | number>) => {
    const node = doc.getIn(path, true);
    if (isNode(node)) (node as Node & { flow?: boolean }).flow = true;
  };
  const walk = (entry: unknown, path: Array<string | number>) => {
    if (isLeaf(entry)) return flow(path);
    const node = entry as Record<string, unknown>;
    if ('not' in node) return walk(node.not, [...path, 'not']);
    const key = 'and' in node ? 'and' : 'or';
    (node[key] as unknown[]).forEach((child, i) => {
      walk(child, [...path, key, i]);
    });
  };
  entries.forEach((policy, p) => {
    (policy.rules as Array<Record<string, unknown>>).forEach((rule, r) => {
      const path = ['mfaPolicies', p, 'rules', r, 'condition'];
      // A lone attribute test at the top reads better as a block of four keys, like the examples.
      if ('condition' in rule && !isLeaf(rule.condition)) walk(rule.condition, path);
      else if ('condition' in rule && 'library' in (rule.condition as object)) flow(path);
    });
  });
}
