/**
 * Shared pieces of the simulator's policy tests: the two services' paths, the default seed's policy-set
 * and library-condition names, valid MFA-rule bodies, and the default seed with the Default MFA rule on.
 */
import { readFileSync } from 'node:fs';
import type { AxiosInstance } from 'axios';
import { parse } from 'yaml';
import { DEFAULT_SEED_FILE, type SimSeed } from '../../../src/sim/types';

export const DA = '/api/v1/policy/device-admin';
export const NA = '/api/v1/policy/network-access';
/** Library condition ids of seeds/default.yaml. */
export const NETWORK_ADMINS_ID = '6b1f0c3e-5a2d-4e7b-9c11-0d3a7e5f2a01';
export const DA_BUSINESS_HOURS_ID = '6b1f0c3e-5a2d-4e7b-9c11-0d3a7e5f2a02';
export const AUTH_PASSED_ID = '9d4e2b7a-1c3f-4a5e-8b20-3f6c1d9e4b01';

export const ROUTER = {
  conditionType: 'ConditionAttributes',
  dictionaryName: 'DEVICE',
  attributeName: 'Device Type',
  operator: 'equals',
  attributeValue: 'All Device Types#Router',
};

/** A valid RuleMfa for a device-admin set of the default seed, using `corp-duo` (seedObjects). */
export function ruleBody(
  name: string,
  rule: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    rule: { name, condition: ROUTER, ...rule },
    mfaConnectionName: 'corp-duo',
    mfaResultAction: 'ACCEPT',
    mfaFailAction: 'REJECT',
    ...extra,
  };
}

export async function policySetId(http: AxiosInstance, base: string, name: string): Promise<string> {
  const res = await http.get(`${base}/policy-set`);
  const found = res.data.response.find((s: { name: string }) => s.name === name);
  if (!found) throw new Error(`no policy set ${name} in ${JSON.stringify(res.data)}`);
  return found.id;
}

/** The rule names of a set's MFA table, in the order GET lists them, each with its rank. */
/** The MFA-rule path of the seed's device-admin policy set `Routers`. */
export async function routersMfaPath(http: AxiosInstance): Promise<string> {
  return `${DA}/policy-set/${await policySetId(http, DA, 'Routers')}/mfa`;
}

export async function table(http: AxiosInstance, mfa: string): Promise<string[]> {
  const res = await http.get(mfa);
  if (res.status !== 200) throw new Error(`GET ${mfa}: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data.response.map(
    (r: { rule: { name: string; rank: number } }) => `${r.rule.rank}:${r.rule.name}`,
  );
}

/** Creates rules in order (no rank); returns their ids. */
export async function createRules(http: AxiosInstance, mfa: string, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const res = await http.post(mfa, ruleBody(name));
    if (res.status !== 200) throw new Error(`POST ${name}: ${res.status} ${JSON.stringify(res.data)}`);
    ids.push(res.data.response.rule.id);
  }
  return ids;
}

/** seeds/default.yaml as an object, with changes. */
export function defaultSeed(changes: Partial<SimSeed> = {}): SimSeed {
  return { ...(parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')) as SimSeed), ...changes };
}
