/**
 * ISE's policy payloads exactly as Cisco's Policy document spells them (`cisco-ise-open-api-policy.yaml`):
 * policy sets, MFA rules (`RuleMfa`) and the `Condition` family. Only the client, the simulator and
 * `src/resources/` use these; the planner sees the normalized model in `src/model/state.ts`.
 *
 * Every field is optional: the spec marks few as required, and real servers leave fields out or send `null`.
 */

/** The path segment of a policy service: `/api/v1/policy/{device-admin|network-access}/...`. */
export type WirePolicyKind = 'device-admin' | 'network-access';

export const WIRE_CONDITION_TYPES = [
  'ConditionAndBlock',
  'ConditionAttributes',
  'ConditionOrBlock',
  'ConditionReference',
  'LibraryConditionAndBlock',
  'LibraryConditionAttributes',
  'LibraryConditionOrBlock',
  'TimeAndDateCondition',
] as const;
export type WireConditionType = (typeof WIRE_CONDITION_TYPES)[number];

/** The 29 operators of the spec's `operator` enum. */
export const WIRE_OPERATORS = [
  'contains',
  'endsWith',
  'equals',
  'greaterOrEquals',
  'greaterThan',
  'in',
  'ipEquals',
  'ipGreaterThan',
  'ipLessThan',
  'ipNotEquals',
  'lessOrEquals',
  'lessThan',
  'macContains',
  'macEndsWith',
  'macEquals',
  'macIn',
  'macNotContains',
  'macNotEndsWith',
  'macNotEquals',
  'macNotIn',
  'macNotStartsWith',
  'macStartsWith',
  'matches',
  'notContains',
  'notEndsWith',
  'notEquals',
  'notIn',
  'notStartsWith',
  'startsWith',
] as const;
export type WireOperator = (typeof WIRE_OPERATORS)[number];

/** `Link`: a self link ISE adds to objects it returns. Server-owned: never sent, never compared. */
export interface WireLink {
  href?: string;
  rel?: 'next' | 'previous' | 'self' | 'status';
  type?: string;
}

/**
 * `Condition` and its subtypes, flattened into one shape (the spec declares them with `allOf` and no
 * discriminator; `conditionType` tells them apart):
 * - `ConditionAttributes`: dictionaryName, attributeName, operator, attributeValue (+ dictionaryValue);
 * - `ConditionAndBlock` / `ConditionOrBlock`: children;
 * - `ConditionReference`: id (name and description are read-only, filled in by ISE);
 * - the `Library*` and `TimeAndDateCondition` forms: stored library conditions, with name and id.
 */
export interface WireCondition {
  conditionType?: WireConditionType | string;
  isNegate?: boolean | null;
  link?: WireLink | null;
  dictionaryName?: string;
  attributeName?: string;
  operator?: WireOperator | string;
  attributeValue?: string;
  dictionaryValue?: string | null;
  children?: WireCondition[] | null;
  id?: string;
  name?: string;
  description?: string | null;
}

/** `RuleCommon`: the `rule` member of an MFA rule. `id` and `hitCounts` are read-only. */
export interface WireRuleCommon {
  id?: string;
  name?: string;
  rank?: number;
  state?: 'enabled' | 'disabled' | 'monitor' | string;
  default?: boolean;
  hitCounts?: number;
  condition?: WireCondition | null;
}

/** `RuleMfa`: an MFA rule of a policy set. No action enum is declared; ACCEPT and REJECT are the examples. */
export interface WireRuleMfa {
  rule?: WireRuleCommon;
  mfaConnectionName?: string;
  mfaFailAction?: string;
  mfaResultAction?: string;
  link?: WireLink | null;
}

/** `PolicySet`: ise-duo only lists them (to find a set's id by name); it never writes one. */
export interface WirePolicySet {
  id?: string;
  name?: string;
  description?: string | null;
  serviceName?: string;
  isProxy?: boolean;
  rank?: number;
  state?: 'enabled' | 'disabled' | 'monitor' | string;
  default?: boolean;
  hitCounts?: number;
  condition?: WireCondition | null;
  link?: WireLink | null;
}

/** `IdResponseEntity`: what DELETE of a rule (or policy set) answers. */
export interface WireIdResponse {
  id?: string;
}
