/**
 * The simulated ISE's policy data, per service (device admin, network access): policy sets and library
 * conditions (from the seed; the API only reads them) and each policy set's MFA rules (full CRUD), with the
 * rules ISE enforces on them: a condition and a Duo connection of the right type on every rule, only ISE's
 * own Default rule may say `default`, and no deleting a connection that a rule names (hooked into the object
 * store). Ranks and name uniqueness are one table's business (mfa-rule-table.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { WireCondition, WirePolicySet, WireRuleMfa } from '../client/wire-policy';
import { POLICY_SERVICES, type PolicyService } from '../model/state';
import { rewriteBlocks, rewriteMacOperators } from './condition-rewrite';
import { badRequest, notFound } from './http';
import { checkDefaultUpdate, checkRule, DEFAULT_NAME, POLICY_KIND } from './mfa-rule-checks';
import { MfaRuleTable } from './mfa-rule-table';
import type { SimStore } from './object-store';
import type { PolicyServiceSnapshot, SimSnapshot } from './types';
import type { ReferenceCheck } from './validate-condition';
import { parseRuleMfa, type RuleRequest } from './validate-policy';

/** A stable UUID (v5 layout over SHA-1) for seeded objects without an id: the same seed, the same ids. */
export function stableId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\n')).digest('hex');
  const variant = ((Number.parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface PolicySetEntry {
  /** Without `rank` (the index) and `hitCounts` (always 0: no traffic passes through a simulator). */
  set: WirePolicySet;
  rules: MfaRuleTable;
}

interface ServiceData {
  sets: PolicySetEntry[];
  conditions: WireCondition[];
}

export type ServerRuleFields = { id?: string; hitCounts?: number };

const copy = <T>(value: T): T => structuredClone(value);

/** A rule as the table keeps it: its rank is its index, its link is rendered per request. */
function withoutRank({ link: _link, ...r }: WireRuleMfa): WireRuleMfa {
  const { rank: _rank, ...rule } = r.rule ?? {};
  return { ...r, rule };
}
const empty = (): Record<PolicyService, ServiceData> => ({
  deviceAdmin: { sets: [], conditions: [] },
  networkAccess: { sets: [], conditions: [] },
});

export class PolicyStore {
  defaultMfaRule = false;
  #data = empty();
  /** Called after every mutation (the state file is written from here). */
  onChange: () => void = () => {};

  constructor(readonly objects: SimStore) {
    objects.connectionUsers = (name) => this.#usersOf(name);
  }

  /** Replaces everything with a snapshot that was already validated (seed, state file, reset). */
  load(snapshot: Pick<SimSnapshot, 'defaultMfaRule' | 'policy'>): void {
    this.defaultMfaRule = snapshot.defaultMfaRule;
    this.#data = empty();
    for (const service of POLICY_SERVICES) {
      const { policySets, libraryConditions } = snapshot.policy[service];
      this.#data[service].conditions = libraryConditions.map(copy);
      for (const { mfaRules, rank: _rank, hitCounts: _hits, ...set } of policySets) {
        const rules = new MfaRuleTable();
        rules.load(mfaRules.map(withoutRank));
        this.#data[service].sets.push({ set: copy(set), rules });
      }
    }
  }

  snapshot(): Pick<SimSnapshot, 'defaultMfaRule' | 'policy'> {
    const policy = {} as Record<PolicyService, PolicyServiceSnapshot>;
    for (const service of POLICY_SERVICES) {
      policy[service] = {
        policySets: this.#data[service].sets.map(({ set, rules }, rank) => ({
          ...copy(set),
          rank,
          mfaRules: rules.list().map((r, i) => ({ ...r, rule: { ...r.rule, rank: i } })),
        })),
        libraryConditions: this.conditions(service),
      };
    }
    return { defaultMfaRule: this.defaultMfaRule, policy };
  }

  conditions(service: PolicyService): WireCondition[] {
    return this.#data[service].conditions.map(copy);
  }

  conditionById(service: PolicyService, id: string): WireCondition | undefined {
    const found = this.#data[service].conditions.find((c) => c.id === id);
    return found && copy(found);
  }

  conditionByName(service: PolicyService, name: string): WireCondition | undefined {
    const found = this.#data[service].conditions.find((c) => c.name === name);
    return found && copy(found);
  }

  known(service: PolicyService): ReferenceCheck {
    return (id) => this.#data[service].conditions.some((c) => c.id === id);
  }

  policySets(service: PolicyService): WirePolicySet[] {
    return this.#data[service].sets.map(({ set }, rank) => ({ ...copy(set), rank }));
  }

  #entry(service: PolicyService, id: string): PolicySetEntry {
    const found = this.#data[service].sets.find((e) => e.set.id === id);
    if (!found) throw notFound(`${POLICY_KIND[service]} policy set ${JSON.stringify(id)}`);
    return found;
  }

  policySet(service: PolicyService, id: string): WirePolicySet {
    const found = this.policySets(service).find((s) => s.id === id);
    if (!found) throw notFound(`${POLICY_KIND[service]} policy set ${JSON.stringify(id)}`);
    return found;
  }

  /** The set's MFA rules in rank order, each with its `rule.rank`. */
  rules(service: PolicyService, setId: string): WireRuleMfa[] {
    return this.#entry(service, setId)
      .rules.list()
      .map((r, rank) => ({ ...r, rule: { ...r.rule, rank } }));
  }

  rule(service: PolicyService, setId: string, ruleId: string): WireRuleMfa {
    const { rule, rank } = this.#entry(service, setId).rules.get(ruleId);
    return { ...rule, rule: { ...rule.rule, rank } };
  }

  createRule(service: PolicyService, setId: string, body: unknown, server: ServerRuleFields = {}) {
    const entry = this.#entry(service, setId);
    const request = this.#stored(parseRuleMfa(body, this.known(service)));
    checkRule(this.objects, service, request);
    const id = server.id ?? randomUUID();
    const stored = { ...request.body, rule: { id, ...request.body.rule, default: false, hitCounts: 0 } };
    stored.rule.hitCounts = server.hitCounts ?? 0;
    entry.rules.insert(stored, request.rank);
    this.onChange();
    return this.rule(service, setId, id);
  }

  updateRule(service: PolicyService, setId: string, ruleId: string, body: unknown, hitCounts?: number) {
    const entry = this.#entry(service, setId);
    const current = entry.rules.get(ruleId);
    const isDefault = current.rule.rule?.default === true;
    const request = this.#stored(parseRuleMfa(body, this.known(service)));
    if (isDefault) checkDefaultUpdate(this.objects, service, request, current.rank);
    else checkRule(this.objects, service, request);
    const rule = {
      ...request.body.rule,
      id: ruleId,
      default: isDefault,
      hitCounts: hitCounts ?? current.rule.rule?.hitCounts ?? 0,
    };
    entry.rules.replace(ruleId, { ...request.body, rule }, request.rank, isDefault);
    this.onChange();
    return this.rule(service, setId, ruleId);
  }

  /** The rule as this ISE keeps it: its condition rewritten when the seed says so (`condition-rewrite.ts`). */
  #stored(request: RuleRequest): RuleRequest {
    const sent = request.body.rule?.condition;
    const { rewritesConditionBlocks, rewritesMacOperators } = this.objects.directory;
    if (!sent || !(rewritesConditionBlocks || rewritesMacOperators)) return request;
    let condition = rewritesConditionBlocks ? rewriteBlocks(sent) : sent;
    if (rewritesMacOperators) condition = rewriteMacOperators(condition);
    return { ...request, body: { ...request.body, rule: { ...request.body.rule, condition } } };
  }

  deleteRule(service: PolicyService, setId: string, ruleId: string): void {
    const rules = this.#entry(service, setId).rules;
    if (rules.get(ruleId).rule.rule?.default) throw badRequest('Attempted to delete default MFA rule');
    rules.remove(ruleId);
    this.onChange();
  }

  resetHitCounts(service: PolicyService, setId: string): void {
    this.#entry(service, setId).rules.resetHitCounts();
    this.onChange();
  }

  /** Loader only: a library condition, already checked, with its id. */
  addCondition(service: PolicyService, condition: WireCondition): void {
    this.#data[service].conditions.push(copy(condition));
  }

  /** Loader only: a policy set, already checked, with its id, appended at the next rank. */
  addPolicySet(service: PolicyService, set: WirePolicySet): void {
    const rules = new MfaRuleTable();
    if (this.defaultMfaRule) {
      const id = stableId(service, set.id ?? '', 'default MFA rule');
      const rule = { id, name: DEFAULT_NAME, state: 'enabled', default: true, hitCounts: 0 };
      rules.addDefault({ rule });
    }
    this.#data[service].sets.push({ set: copy(set), rules });
  }

  /** `"Routers" / "Duo for routers" (device-admin)` for every rule that names the connection. */
  #usersOf(connectionName: string): string[] {
    return POLICY_SERVICES.flatMap((service) =>
      this.#data[service].sets.flatMap(({ set, rules }) =>
        rules
          .usersOf(connectionName)
          .map((rule) => `${JSON.stringify(set.name)} / ${JSON.stringify(rule)} (${POLICY_KIND[service]})`),
      ),
    );
  }
}
