/**
 * Builders for MFA-rule planner tests: file rules as the loader normalizes them, and ISE's tables built the
 * way the reader builds them (wire RuleMfa -> mfaRuleFromWire), so normalization is exercised too.
 */
import type { WireCondition, WireRuleMfa } from '../../src/client/wire-policy';
import { hashJson, type Plan } from '../../src/model/plan';
import type { DesiredState, LiveState, MfaPolicy, MfaRule, PolicyService } from '../../src/model/state';
import { mfaRuleFromWire } from '../../src/resources/mfa-rule';
import { aConnection, aDesired, aLive, wireConnection, wireSync } from './builders';

/** What the planner tables pass as plan options, and a plan's changes as `kind.action:name` lines. */
export const PLAN_OPTIONS = { target: 'https://ise.example.com', desiredFile: 'site.yaml' };
export const steps = (p: Plan) => p.changes.map((c) => `${c.kind}.${c.action}:${c.name}`);

export const ROUTERS_ID = 'a0000000-0000-4000-8000-000000000001';
export const VPN_ID = 'a0000000-0000-4000-8000-000000000002';
export const LIB = {
  'Network-Admins': 'c0000000-0000-4000-8000-000000000001',
  'Corp-VPN': 'c0000000-0000-4000-8000-000000000002',
};

export const ROUTER_CONDITION = {
  dictionary: 'DEVICE',
  attribute: 'Device Type',
  operator: 'equals',
  value: 'All Device Types#Router',
  dictionaryValue: '',
};

export function aRule(name: string, over: Partial<MfaRule> = {}): MfaRule {
  return {
    name,
    connection: 'corp-duo',
    condition: ROUTER_CONDITION,
    onSuccess: 'ACCEPT',
    onFailure: 'REJECT',
    state: 'enabled',
    ...over,
  };
}

export function routers(rules: MfaRule[]): MfaPolicy {
  return { service: 'deviceAdmin', policySet: 'Routers', rules };
}

export function desiredWith(policies: MfaPolicy[], over: Partial<DesiredState> = {}): DesiredState {
  return aDesired({ mfaPolicies: policies, ...over });
}

const ROUTER_WIRE: WireCondition = {
  conditionType: 'ConditionAttributes',
  isNegate: false,
  dictionaryName: 'DEVICE',
  attributeName: 'Device Type',
  operator: 'equals',
  attributeValue: 'All Device Types#Router',
};

/** A rule as ISE's GET answers it (link, hitCounts, id), with overrides of the rule or its wrapper. */
export function wireRule(
  name: string,
  rank: number,
  over: { rule?: Partial<NonNullable<WireRuleMfa['rule']>>; mfa?: Partial<WireRuleMfa> } = {},
): WireRuleMfa {
  return {
    mfaConnectionName: 'corp-duo',
    mfaResultAction: 'ACCEPT',
    mfaFailAction: 'REJECT',
    link: {
      href: `https://ise/api/v1/policy/device-admin/policy-set/${ROUTERS_ID}/mfa/r-${name}`,
      rel: 'self',
    },
    ...over.mfa,
    rule: {
      id: `r-${name}`,
      name,
      rank,
      state: 'enabled',
      default: false,
      hitCounts: 7,
      condition: { ...ROUTER_WIRE, link: null },
      ...over.rule,
    },
  };
}

export function defaultRule(rank: number): WireRuleMfa {
  return wireRule('Default', rank, { rule: { default: true, condition: null } });
}

/** Live state matching `desired`'s syncs and connections, with the given MFA tables (wire rules in rank order). */
export function liveWith(
  desired: DesiredState,
  tables: Array<{ service?: PolicyService; policySet?: string; id?: string; rules: WireRuleMfa[] }>,
  other: Array<{ service: PolicyService; policySet: string; rules: WireRuleMfa[] }> = [],
): LiveState {
  const live = aLive({
    syncs: desired.identitySyncs.map((s) => wireSync(s)),
    connections: desired.duoConnections.map((c) => wireConnection(c)),
  });
  live.policySetIds = { 'deviceAdmin/Routers': ROUTERS_ID, 'networkAccess/VPN Users': VPN_ID };
  live.libraryConditionIds = {
    'deviceAdmin/Network-Admins': LIB['Network-Admins'],
    'networkAccess/Corp-VPN': LIB['Corp-VPN'],
  };
  live.mfaPolicies = tables.map((t) => ({
    service: t.service ?? 'deviceAdmin',
    policySet: t.policySet ?? 'Routers',
    policySetId: t.id ?? ROUTERS_ID,
    rules: t.rules.map(mfaRuleFromWire).sort((a, b) => a.rank - b.rank),
  }));
  live.otherMfaPolicies = other.map((t, i) => ({
    ...t,
    policySetId: `b0000000-0000-4000-8000-00000000000${i}`,
    rules: t.rules.map(mfaRuleFromWire),
  }));
  for (const p of live.mfaPolicies)
    for (const r of p.rules)
      live.fingerprints[`mfa-rule/${p.service}/${p.policySet}/${r.name}`] = hashJson(r);
  return live;
}

export { aConnection };
