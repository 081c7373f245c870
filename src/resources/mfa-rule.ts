/**
 * MFA rules of a policy set (`/policy/{device-admin|network-access}/policy-set/{id}/mfa`): the rules that put
 * a Duo connection into effect. This file holds the rule's model <-> wire translation, the fields compared,
 * and the rule's members of the Change union; the ordering is in `mfa-rule-order.ts`, the kind's spec in
 * `mfa-rule-spec.ts`.
 *
 * A rule is matched by its exact name within (service, policy set); ISE's id and rank are server-side facts
 * the plan carries for the executor. Writes send whole RuleMfa bodies without read-only members (`id`,
 * `hitCounts`, `link`), and always a rank: ISE (the simulator's adversarial choice) moves a rule sent
 * without one to the end.
 */
import type { WireRuleMfa } from '../client/wire-policy';
import type { ChangeCommon, WriteChange } from '../model/plan';
import { sameCondition } from '../model/rule-condition';
import type {
  LiveMfaPolicy,
  LiveMfaRule,
  MfaRule,
  PolicyService,
  RuleCondition,
  RuleState,
} from '../model/state';
import type { FieldSpec } from './resource-spec';
import { conditionFromWire, conditionToWire } from './rule-condition';

/** Where a rule lives: its policy set, by name (for people) and by ISE's id (for the executor). */
export interface RuleTarget {
  service: PolicyService;
  policySet: string;
  policySetId: string;
}

/** A create: POST with `rank`, the position the rule must take at that point of the apply. */
export type MfaRuleCreate = WriteChange<'mfa-rule', 'create', WireRuleMfa, MfaRule> & {
  target: RuleTarget;
  rank: number;
};

/**
 * An update (content changed; `rank` is where the rule is, or must go, when it runs) or a move (content
 * unchanged, `rank` differs from `fromRank`). Either is one PUT of the whole rule.
 */
export type MfaRulePut<A extends 'update' | 'move' = 'update' | 'move'> = A extends unknown
  ? WriteChange<'mfa-rule', A, WireRuleMfa, MfaRule> & {
      target: RuleTarget;
      ruleId: string;
      rank: number;
      /** The rule's rank as read, before this apply. */
      fromRank: number;
    }
  : never;

export type MfaRuleDelete = ChangeCommon<'mfa-rule', 'delete'> & { target: RuleTarget; ruleId: string };

export type MfaRuleChange = MfaRuleCreate | MfaRulePut | MfaRuleDelete;

declare module '../model/plan' {
  interface ChangeTypes {
    'mfa-rule': MfaRuleChange;
  }
}

export const DELETE_RULE_REASON = 'deleting an MFA rule stops asking for Duo where it matched';
export const STATE_REASON = 'a rule that is not enabled stops asking for Duo where it matched';
export const FAIL_ACTION_REASON = 'changing onFailure changes who gets in when Duo says no or cannot answer';
export const CONNECTION_REASON = 'changing the connection sends these users to another Duo account';
export const SUCCESS_ACTION_REASON = 'changing onSuccess changes who gets in when Duo says yes';

/** The compared fields, in display order. `state` is critical only away from enabled (see the planner). */
export const RULE_FIELDS: ReadonlyArray<FieldSpec<MfaRule>> = [
  { key: 'connection', label: 'connection', critical: CONNECTION_REASON },
  // By meaning, not in order: ISE may store an and/or's members otherwise (see src/model/rule-condition.ts).
  {
    key: 'condition',
    label: 'condition',
    equals: (live, want) => sameCondition(live as RuleCondition | null, want as RuleCondition | null),
  },
  { key: 'onSuccess', label: 'onSuccess', critical: SUCCESS_ACTION_REASON },
  { key: 'onFailure', label: 'onFailure', critical: FAIL_ACTION_REASON },
  { key: 'state', label: 'state' },
];

/** `deviceAdmin/Routers/Admins use Duo`: a rule's key in plans (policy-set names cannot hold a slash). */
export function ruleKey(service: PolicyService, policySet: string, name: string): string {
  return `${service}/${policySet}/${name}`;
}

export function splitRuleKey(key: string): { service: string; policySet: string; name: string } {
  const [service, policySet, ...rest] = key.split('/');
  return { service, policySet, name: rest.join('/') };
}

/** Lower-cased; a state outside RULE_STATES is kept as ISE said it, so a diff shows it. */
function stateOf(raw: string | undefined): RuleState {
  return (raw ?? 'enabled').trim().toLowerCase() as RuleState;
}

export function mfaRuleFromWire(wire: WireRuleMfa): LiveMfaRule {
  const rule = wire.rule ?? {};
  return {
    name: (rule.name ?? '').trim(),
    connection: (wire.mfaConnectionName ?? '').trim(),
    condition: conditionFromWire(rule.condition),
    onSuccess: (wire.mfaResultAction ?? '').trim().toUpperCase(),
    onFailure: (wire.mfaFailAction ?? '').trim().toUpperCase(),
    state: stateOf(rule.state),
    id: rule.id ?? '',
    rank: rule.rank ?? 0,
    default: rule.default === true,
  };
}

/**
 * What ISE answers in a rule's `mfaConnectionName`, as Duo connections' names. ise-duo sends the name, as
 * the scripts proven on a real ISE do, but Cisco's own example shows a Duo API host name there, and what GET
 * returns no source says (the reference's open question 3). So: every connection an answer may name, the
 * one of that name; else those whose `apiHostName` it is (several, when connections share a Duo account's
 * host); else none.
 */
export function connectionsAnswered(
  answered: string,
  connections: ReadonlyArray<{ name: string; apiHostName: string }>,
): string[] {
  if (connections.some((c) => c.name === answered)) return [answered];
  const host = answered.toLowerCase();
  return connections.filter((c) => c.apiHostName !== '' && c.apiHostName === host).map((c) => c.name);
}

/**
 * `policies` with each rule's connection named by its answer where that names one connection; a host that
 * several connections share stays as ISE said it, with their names as `connectionCandidates`.
 */
export function withConnectionNames(
  policies: LiveMfaPolicy[],
  connections: ReadonlyArray<{ name: string; apiHostName: string }>,
): LiveMfaPolicy[] {
  return policies.map((p) => ({
    ...p,
    rules: p.rules.map((r) => {
      const named = connectionsAnswered(r.connection, connections);
      if (named.length === 1) return { ...r, connection: named[0] as string };
      return named.length > 1 ? { ...r, connectionCandidates: named } : r;
    }),
  }));
}

/**
 * `have` compared against the file's `want`: a host answer that `want`'s connection is among the candidates
 * of is that connection (ISE's answer is consistent with it, and nothing in it says otherwise).
 */
export function asAnsweredFor(have: LiveMfaRule, want: Pick<MfaRule, 'connection'>): LiveMfaRule {
  return have.connectionCandidates?.includes(want.connection)
    ? { ...have, connection: want.connection }
    : have;
}

/** The whole-rule request body, at `rank`. The condition's references must carry their resolved ids. */
export function mfaRuleToWire(rule: MfaRule, rank: number): WireRuleMfa {
  return {
    rule: {
      name: rule.name,
      rank,
      state: rule.state,
      ...(rule.condition ? { condition: conditionToWire(rule.condition) } : {}),
    },
    mfaConnectionName: rule.connection,
    mfaResultAction: rule.onSuccess,
    mfaFailAction: rule.onFailure,
  };
}
