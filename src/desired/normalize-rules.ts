/**
 * The `mfaPolicies` of a validated file -> the model's `MfaPolicy[]`. Kept apart from `normalize.ts` because
 * rules are ordered where the other kinds are sets: policies are sorted (each is its own ISE table, so their
 * order in the file means nothing), but the rules inside one keep the file's order, which is their priority.
 *
 * Conditions go through the model's `canonicalCondition`, the same function the live side uses, so both
 * sides agree on operators, `dictionaryValue` and double negation by construction.
 */
import { canonicalCondition } from '../model/rule-condition';
import { type MfaPolicy, type MfaRule, POLICY_SERVICES, type RuleCondition } from '../model/state';
import type { ConditionEntry, MfaPolicyEntry, MfaRuleEntry } from './file-types';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function conditionOf(entry: ConditionEntry): RuleCondition {
  if ('not' in entry) return { not: conditionOf(entry.not) };
  if ('and' in entry) return { and: entry.and.map(conditionOf) };
  if ('or' in entry) return { or: entry.or.map(conditionOf) };
  if ('library' in entry) return { library: entry.library.trim() };
  return {
    dictionary: entry.dictionary.trim(),
    attribute: entry.attribute.trim(),
    operator: entry.operator,
    // The value is compared exactly as written: a quoted space may be meant.
    value: entry.value,
    dictionaryValue: entry.dictionaryValue?.trim() ?? '',
  };
}

function normalizeRule(entry: MfaRuleEntry): MfaRule {
  return {
    name: entry.name.trim(),
    connection: entry.connection.trim(),
    condition: canonicalCondition(conditionOf(entry.condition)),
    onSuccess: (entry.onSuccess ?? 'ACCEPT').trim().toUpperCase(),
    onFailure: (entry.onFailure ?? 'REJECT').trim().toUpperCase(),
    state: entry.state ?? 'enabled',
  };
}

/** Sorted by service (deviceAdmin first) and policy set name; rules in file order. */
export function normalizeMfaPolicies(entries: MfaPolicyEntry[] | undefined): MfaPolicy[] {
  return (entries ?? [])
    .map((entry) => ({
      service: entry.service,
      policySet: entry.policySet.trim(),
      rules: entry.rules.map(normalizeRule),
    }))
    .sort(
      (a, b) =>
        POLICY_SERVICES.indexOf(a.service) - POLICY_SERVICES.indexOf(b.service) ||
        byCodeUnits(a.policySet, b.policySet),
    );
}
