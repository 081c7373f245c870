/**
 * Turns the untrusted policy lists of a seed or a state file (library conditions, policy sets, the MFA rules
 * already in them) into policy-store content, through the same checks as the API: a seeded rule is created
 * exactly as a POST would create it. Seeded objects without an id get a stable one (same seed, same ids, so
 * restarts without a state file keep them). A Default policy set per service is added when the list has
 * none, last, as ISE always has one.
 */
import type { WirePolicySet } from '../client/wire-policy';
import { POLICY_SERVICES, type PolicyService } from '../model/state';
import { DEFAULT_NAME } from './mfa-rule-checks';
import type { FailFn } from './object-loader';
import { type PolicyStore, stableId } from './policy-store';
import { isObject, type Obj } from './validate';
import { parseLibraryCondition } from './validate-condition';
import { parsePolicySet } from './validate-policy';

export interface RawServicePolicy {
  policySets: unknown;
  libraryConditions: unknown;
}

/** Where each list came from, for error messages: `policySets.deviceAdmin` in a seed, for instance. */
export type PolicyLabel = (service: PolicyService, list: keyof RawServicePolicy) => string;

const DEFAULT_SERVICE: Record<PolicyService, string> = {
  deviceAdmin: 'Default Device Admin',
  networkAccess: 'Default Network Access',
};

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function list(value: unknown, where: string, fail: FailFn): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail(where, 'must be a list');
  return value;
}

function givenId(obj: Obj, fallback: string): string {
  const id = obj.id;
  if (id === undefined || id === null) return fallback;
  if (typeof id !== 'string' || id.trim() === '') throw new Error('id, must be a non-empty string');
  return id;
}

class Loader {
  readonly #ids = new Set<string>();

  constructor(
    private readonly policy: PolicyStore,
    private readonly service: PolicyService,
    private readonly fail: FailFn,
  ) {}

  /** Runs one object's checks, turning any error into the seed's / state file's error for `where`. */
  #at<T>(where: string, check: () => T): T {
    try {
      return check();
    } catch (err) {
      throw this.fail(where, reasonOf(err));
    }
  }

  #claim(id: string): string {
    if (this.#ids.has(id)) throw new Error(`id, ${JSON.stringify(id)} is used twice`);
    this.#ids.add(id);
    return id;
  }

  conditions(items: unknown[], label: string): void {
    const names = new Set<string>();
    for (const [i, item] of items.entries()) {
      this.#at(`${label}[${i}]`, () => {
        // A library condition may only refer to one listed before it, which rules out cycles.
        const condition = parseLibraryCondition(item, '', this.policy.known(this.service));
        const key = (condition.name ?? '').toLowerCase();
        if (names.has(key)) throw new Error(`name, ${JSON.stringify(condition.name)} is used twice`);
        names.add(key);
        const id = this.#claim(givenId(item as Obj, stableId(this.service, 'condition', key)));
        this.policy.addCondition(this.service, { ...condition, id });
      });
    }
  }

  #policySet(item: unknown, i: number, last: boolean, names: Set<string>): WirePolicySet {
    if (!isObject(item)) throw new Error('must be a mapping (name, serviceName, condition, …)');
    const set = parsePolicySet(item, '', this.policy.known(this.service));
    if (names.has(set.name ?? '')) throw new Error(`name, ${JSON.stringify(set.name)} is used twice`);
    names.add(set.name ?? '');
    const isDefault = set.name === DEFAULT_NAME;
    if (item.rank !== undefined && item.rank !== i) {
      throw new Error(
        `rank, ${JSON.stringify(item.rank)} given, but policy sets are listed in rank order (${i})`,
      );
    }
    if (item.default !== undefined && item.default !== isDefault) {
      throw new Error(`default, only the policy set named ${DEFAULT_NAME} is the default one`);
    }
    if (isDefault && !last)
      throw new Error(`the ${DEFAULT_NAME} policy set always has the last rank: list it last`);
    if (isDefault && set.condition) throw new Error(`condition, the ${DEFAULT_NAME} policy set has none`);
    if (!isDefault && !set.condition) throw new Error('condition, must not be null (ISE requires one)');
    const id = this.#claim(givenId(item, stableId(this.service, 'policy set', set.name ?? '')));
    return {
      ...set,
      id,
      default: isDefault,
      serviceName: set.serviceName ?? DEFAULT_SERVICE[this.service],
      ...(isDefault ? { description: set.description ?? 'Default policy set' } : {}),
    };
  }

  #rules(set: WirePolicySet, items: unknown[], where: string): void {
    const setId = set.id ?? '';
    for (const [j, item] of items.entries()) {
      this.#at(`${where}[${j}]`, () => {
        const rule = isObject(item) && isObject(item.rule) ? item.rule : {};
        const hits = rule.hitCounts ?? 0;
        if (!Number.isInteger(hits) || (hits as number) < 0) throw new Error('rule.hitCounts, must be ≥ 0');
        const hitCounts = hits as number;
        if (rule.default === true) {
          if (!this.policy.defaultMfaRule)
            throw new Error('rule.default, there is no Default rule (defaultMfaRule is off)');
          const current = this.policy.rules(this.service, setId).find((r) => r.rule?.default);
          this.policy.updateRule(this.service, setId, current?.rule?.id ?? '', item, hitCounts);
          return;
        }
        const id = this.#claim(givenId(rule, stableId(this.service, setId, String(rule.name).toLowerCase())));
        this.policy.createRule(this.service, setId, item, { id, hitCounts });
      });
    }
  }

  policySets(items: unknown[], label: string): void {
    const names = new Set<string>();
    const sets = items.map((item, i) =>
      this.#at(`${label}[${i}]`, () => {
        const set = this.#policySet(item, i, i === items.length - 1, names);
        return { set, rules: list((item as Obj).mfaRules, `${label}[${i}].mfaRules`, this.fail) };
      }),
    );
    if (!names.has(DEFAULT_NAME)) {
      const id = stableId(this.service, 'policy set', DEFAULT_NAME);
      const set = { name: DEFAULT_NAME, id, default: true, description: 'Default policy set' };
      sets.push({
        set: { ...set, serviceName: DEFAULT_SERVICE[this.service], state: 'enabled', isProxy: false },
        rules: [],
      });
    }
    for (const { set } of sets) this.policy.addPolicySet(this.service, set);
    for (const [i, { set, rules }] of sets.entries()) this.#rules(set, rules, `${label}[${i}].mfaRules`);
  }
}

/** Loads every service's library conditions, then its policy sets and their rules, into `policy`. */
export function loadPolicy(
  policy: PolicyStore,
  raw: Record<PolicyService, RawServicePolicy>,
  label: PolicyLabel,
  fail: FailFn,
): void {
  for (const service of POLICY_SERVICES) {
    const loader = new Loader(policy, service, fail);
    const conditions = label(service, 'libraryConditions');
    loader.conditions(list(raw[service].libraryConditions, conditions, fail), conditions);
    const sets = label(service, 'policySets');
    loader.policySets(list(raw[service].policySets, sets, fail), sets);
  }
}
