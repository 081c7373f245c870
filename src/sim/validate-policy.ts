/**
 * Shape checks for an MFA rule body (`RuleMfa`) and a seeded policy set (`PolicySet`). Only the fields a
 * client may set are kept: the read-only ones (`rule.id`, `rule.hitCounts`, `link`) are dropped unread,
 * as ISE ignores them (a client echoing a GET back must not fail). The rules that need the rest of the
 * table (ranks, names, the Default rule, connections) live in the policy store.
 */
import type { WirePolicySet, WireRuleMfa } from '../client/wire-policy';
import { RULE_STATES } from '../model/state';
import { badRequest } from './http';
import { isObject, type Obj, put } from './validate';
import { at, parseCondition, type ReferenceCheck } from './validate-condition';

/** "[Valid characters are alphanumerics, underscore, hyphen, space, period, parentheses]" (the spec). */
const RULE_NAME = /^[A-Za-z0-9_\-. ()]+$/;

/** An MFA rule as a client sent it, checked for shape; `rank` undefined means "not given". */
export interface RuleRequest {
  body: WireRuleMfa;
  rank?: number;
  /** `rule.default` as sent (undefined when absent): only the Default rule may say true. */
  isDefault?: boolean;
}

function optString(obj: Obj, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${at(path, key)}, must be a string`);
  return value;
}

function optBoolean(obj: Obj, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`${at(path, key)}, must be true or false`);
  return value;
}

function state(obj: Obj, path: string): string {
  const value = obj.state ?? 'enabled';
  if (!(RULE_STATES as readonly string[]).includes(value as string)) {
    throw badRequest(`${at(path, 'state')}, must be one of ${RULE_STATES.join(', ')}`);
  }
  return value as string;
}

function rank(obj: Obj, path: string): number | undefined {
  const value = obj.rank;
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw badRequest(`${at(path, 'rank')}, must be a whole number from 0 (${JSON.stringify(value)} given)`);
  }
  return value as number;
}

export function checkName(name: string, path: string): string {
  if (name.trim() === '') throw badRequest(`${path}, must not be empty`);
  if (!RULE_NAME.test(name)) {
    throw badRequest(
      `${path}, ${JSON.stringify(name)} has characters ISE does not allow (letters, digits, _ - . ( ) and spaces)`,
    );
  }
  return name;
}

/** `RuleMfa` from a POST or PUT body (or a seeded / stored rule). Throws a 400 SimError. */
export function parseRuleMfa(value: unknown, known: ReferenceCheck): RuleRequest {
  if (!isObject(value)) throw badRequest('Request body must be a JSON object (a RuleMfa)');
  const ruleValue = value.rule;
  if (ruleValue === undefined || ruleValue === null) throw badRequest('rule, must not be null');
  if (!isObject(ruleValue)) throw badRequest('rule, must be a JSON object');
  const name = ruleValue.name;
  if (name === undefined || name === null) throw badRequest('rule.name, must not be null');
  if (typeof name !== 'string') throw badRequest('rule.name, must be a string');
  const rule: WireRuleMfa['rule'] = { name: checkName(name, 'rule.name'), state: state(ruleValue, 'rule') };
  const condition = ruleValue.condition;
  if (condition !== undefined && condition !== null) {
    rule.condition = parseCondition(condition, 'rule.condition', known);
  }
  const body: WireRuleMfa = { rule };
  for (const key of ['mfaConnectionName', 'mfaFailAction', 'mfaResultAction'] as const) {
    const field = value[key];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') throw badRequest(`${key}, must be a string`);
    body[key] = field;
  }
  return { body, rank: rank(ruleValue, 'rule'), isDefault: optBoolean(ruleValue, 'default', 'rule') };
}

/** The policy set fields a seed (or state file) may give; `id`, `rank` and `default` are the loader's. */
export function parsePolicySet(value: Obj, path: string, known: ReferenceCheck): WirePolicySet {
  const name = optString(value, 'name', path);
  if (name === undefined) throw badRequest(`${at(path, 'name')}, must not be null`);
  const out: WirePolicySet = { name: checkName(name, at(path, 'name')) };
  put(out, 'description', optString(value, 'description', path));
  put(out, 'serviceName', optString(value, 'serviceName', path));
  out.state = state(value, path);
  out.isProxy = optBoolean(value, 'isProxy', path) ?? false;
  const condition = value.condition;
  if (condition !== undefined && condition !== null) {
    out.condition = parseCondition(condition, at(path, 'condition'), known);
  }
  return out;
}
