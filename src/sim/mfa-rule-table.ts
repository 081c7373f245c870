/**
 * One policy set's MFA rules in rank order: the array index is the rank, so ranks are dense and 0-based by
 * construction and can never drift from the order. Inserting or moving a rule to rank k shifts the others;
 * a rank past the end is refused (ISE allows no gaps). A Default rule, when there is one, is pinned last:
 * every rank given here counts only the other rules. Rules are kept in the stored wire form without `rank`
 * (derived) and without `link` (rendered per request).
 */
import type { WireRuleMfa } from '../client/wire-policy';
import { badRequest, notFound } from './http';

const copy = <T>(value: T): T => structuredClone(value);
const fold = (name: string | undefined) => (name ?? '').toLowerCase();

export class MfaRuleTable {
  #rules: WireRuleMfa[] = [];

  /** Replaces every rule (already checked: the seed, the state file, reset). */
  load(rules: WireRuleMfa[]): void {
    this.#rules = rules.map(copy);
  }

  /** Copies, in rank order (index = rank). */
  list(): WireRuleMfa[] {
    return this.#rules.map(copy);
  }

  #index(id: string): number {
    const i = this.#rules.findIndex((r) => r.rule?.id === id);
    if (i < 0) throw notFound(`MFA rule ${JSON.stringify(id)}`);
    return i;
  }

  get(id: string): { rule: WireRuleMfa; rank: number } {
    const i = this.#index(id);
    return { rule: copy(this.#rules[i]), rank: i };
  }

  get hasDefault(): boolean {
    return this.#rules[this.#rules.length - 1]?.rule?.default === true;
  }

  /** How many rules may be placed by rank (all but the Default one). */
  get #movable(): number {
    return this.#rules.length - (this.hasDefault ? 1 : 0);
  }

  /** Names are unique within one table, compared case-insensitively (ISE's rule is unverified). */
  #checkName(name: string | undefined, exceptId?: string): void {
    const clash = this.#rules.find((r) => fold(r.rule?.name) === fold(name) && r.rule?.id !== exceptId);
    if (clash) {
      throw badRequest(
        `rule.name, an MFA rule named ${JSON.stringify(clash.rule?.name)} already exists in this policy set`,
      );
    }
  }

  #checkRank(rank: number, last: number): void {
    if (rank > last) {
      throw badRequest(
        `rule.rank, ${rank} is past the end: ranks are dense, so this rule can take rank 0 to ${last}`,
      );
    }
  }

  /** POST: at `rank` (shifting the rules from there down), or last (before a Default rule) without one. */
  insert(rule: WireRuleMfa, rank?: number): number {
    this.#checkName(rule.rule?.name);
    const at = rank ?? this.#movable;
    this.#checkRank(at, this.#movable);
    this.#rules.splice(at, 0, copy(rule));
    return at;
  }

  /** The Default rule, appended after every other rule (seed switch `defaultMfaRule`). */
  addDefault(rule: WireRuleMfa): void {
    this.#checkName(rule.rule?.name);
    this.#rules.push(copy(rule));
  }

  /**
   * PUT: a full replacement. With `rank` the rule moves there (the others shift); without one it moves to the
   * end, before a Default rule. The Default rule itself never moves: `pinned` keeps it in place.
   */
  replace(id: string, rule: WireRuleMfa, rank: number | undefined, pinned = false): number {
    const from = this.#index(id);
    this.#checkName(rule.rule?.name, id);
    if (pinned) {
      this.#rules[from] = copy(rule);
      return from;
    }
    const at = rank ?? this.#movable - 1;
    this.#checkRank(at, this.#movable - 1);
    this.#rules.splice(from, 1);
    this.#rules.splice(at, 0, copy(rule));
    return at;
  }

  remove(id: string): void {
    this.#rules.splice(this.#index(id), 1);
  }

  resetHitCounts(): void {
    for (const r of this.#rules) if (r.rule) r.rule.hitCounts = 0;
  }

  /** The names of the rules that use a Duo connection. */
  usersOf(connectionName: string): string[] {
    return this.#rules.filter((r) => r.mfaConnectionName === connectionName).map((r) => r.rule?.name ?? '');
  }

  get size(): number {
    return this.#rules.length;
  }
}
