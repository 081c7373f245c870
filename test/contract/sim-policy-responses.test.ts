/**
 * Holds the simulator's policy answers to Cisco's policy document (`cisco-ise-open-api-policy.yaml`): every
 * policy-set, library-condition and MFA-rule operation of both services is driven through its success and
 * error paths over real HTTP, and each response is checked with `IseContract.checkResponse`. The document's
 * `Condition` is polymorphic without a discriminator, so every condition node in a response is also held to
 * the subtype its `conditionType` names.
 *
 * Exceptions, each what a real ISE does:
 * - statuses declared without a body schema (401, 403) are held to the document's `Error` schema;
 * - `dictionaryValue: null` in attribute conditions (the schema says string; ISE payloads carry null).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import axios, { type AxiosResponse } from 'axios';
import { parse } from 'yaml';
import { WIRE_CONDITION_TYPES } from '../../src/client/wire-policy';
import type { RunningSimulator } from '../../src/sim/index';
import { IseContract, POLICY_SPEC, SHARED_DIR } from '../helpers/openapi';
import { AUTH, MFA, seedObjects, startTestSim } from '../integration/sim/helpers';
import { DA, defaultSeed, NA, NETWORK_ADMINS_ID, ROUTER, ruleBody } from '../integration/sim/policy-helpers';

const contract = new IseContract(SHARED_DIR, [POLICY_SPEC]);
const errorSchema = (() => {
  const doc = parse(readFileSync(join(SHARED_DIR, 'ise-openapi', POLICY_SPEC), 'utf8'));
  return new Ajv({ strict: false }).compile(doc.components.schemas.Error);
})();
const SUBTYPES = new Set<string>(WIRE_CONDITION_TYPES);

type Node = Record<string, unknown>;

/** Every condition node under `node` (itself included), checked against its subtype. */
function conditionErrors(node: unknown, where: string): string[] {
  if (!node || typeof node !== 'object') return [`${where}: not an object`];
  const { dictionaryValue, ...rest } = node as Node;
  const checked = dictionaryValue === null ? rest : (node as Node);
  const type = String(checked.conditionType);
  const errors = SUBTYPES.has(type)
    ? contract.checkSchema(POLICY_SPEC, type, checked).map((e) => `${where} (${type}): ${e}`)
    : [`${where}: unknown conditionType ${type}`];
  const children = (checked.children ?? []) as unknown[];
  return [...errors, ...children.flatMap((c, i) => conditionErrors(c, `${where}/children/${i}`))];
}

/** The condition nodes an answer carries, by what the operation returns. */
function conditionsOf(operationId: string, response: unknown): string[] {
  const items = (Array.isArray(response) ? response : [response]) as Node[];
  return items.flatMap((item, i) => {
    if (/MfaRule(List|ById)?$|MfaRule$/.test(operationId)) {
      const c = (item.rule as Node | undefined)?.condition;
      return c ? conditionErrors(c, `[${i}].rule.condition`) : [];
    }
    if (/PolicySet/.test(operationId))
      return item.condition ? conditionErrors(item.condition, `[${i}].condition`) : [];
    return conditionErrors(item, `[${i}]`);
  });
}

const covered = new Set<string>();
let sim: RunningSimulator;

async function call(method: string, path: string, body?: unknown, auth = AUTH): Promise<AxiosResponse> {
  const res = await axios.request({
    baseURL: sim.url,
    method,
    url: path,
    data: body,
    auth,
    proxy: false,
    validateStatus: () => true,
  });
  const op = contract.find(method, path);
  expect([method, path, op?.operationId]).toEqual([method, path, expect.any(String)]);
  const id = op?.operationId ?? '?';
  covered.add(`${id} ${res.status}`);
  const errors = contract.checkResponse(method, path, res.status, res.data);
  if (op && errors.length === 0 && op.responses[String(res.status)] === null && !errorSchema(res.data)) {
    errors.push(...(errorSchema.errors ?? []).map((e) => `Error body: ${e.instancePath} ${e.message}`));
  }
  if (errors.length === 0 && res.status === 200 && res.data?.response !== undefined) {
    errors.push(...conditionsOf(id, res.data.response));
  }
  expect([id, res.status, errors]).toEqual([id, res.status, []]);
  if (body !== undefined && res.status === 200) expect(contract.checkRuleMfa(body)).toEqual([]);
  return res;
}

async function withSim(mfaEnabled: boolean, steps: () => Promise<void>): Promise<void> {
  sim = await startTestSim({ seed: defaultSeed({ defaultMfaRule: true }), mfaEnabled });
  try {
    await steps();
  } finally {
    await sim.stop();
  }
}

async function firstSetId(base: string): Promise<string> {
  return (await call('GET', `${base}/policy-set`)).data.response[0].id;
}

const NOPE = '00000000-0000-4000-8000-000000000000';

test.each([DA, NA])('%s: every operation while MFA is off, and without credentials', (base) =>
  withSim(false, async () => {
    const set = await firstSetId(base);
    const mfa = `${base}/policy-set/${set}/mfa`;
    for (const path of [`${base}/policy-set`, `${base}/policy-set/${set}`, `${base}/condition`]) {
      expect((await call('GET', path)).status).toBe(200);
    }
    const byName = `${base}/condition/condition-by-name/Business-Hours`;
    const id = (await call('GET', byName)).data.response.id;
    expect((await call('GET', `${base}/condition/${id}`)).status).toBe(200);
    const gated: Array<[string, string, unknown?]> = [
      ['GET', mfa],
      ['POST', mfa, ruleBody('r')],
      ['GET', `${mfa}/${NOPE}`],
      ['PUT', `${mfa}/${NOPE}`, ruleBody('r')],
      ['DELETE', `${mfa}/${NOPE}`],
      ['POST', `${mfa}/reset-hitcount`],
    ];
    for (const [method, path, body] of gated) expect((await call(method, path, body)).status).toBe(403);
    const wrong = { username: 'admin', password: 'wrong' };
    for (const [method, path, body] of [
      ...gated,
      ['GET', `${base}/policy-set`],
      ['GET', `${base}/policy-set/${set}`],
      ['GET', `${base}/condition`],
      ['GET', `${base}/condition/${id}`],
      ['GET', byName],
    ] as typeof gated) {
      expect((await call(method, path, body, wrong)).status).toBe(401);
    }
  }),
);

test.each([DA, NA])('%s: every operation through its success and error paths', (base) =>
  withSim(true, async () => {
    const http = axios.create({ baseURL: sim.url, auth: AUTH, proxy: false, validateStatus: () => true });
    await seedObjects(http);
    const set = await firstSetId(base);
    const mfa = `${base}/policy-set/${set}/mfa`;
    expect((await call('GET', `${base}/policy-set/${NOPE}`)).status).toBe(404);
    expect((await call('GET', `${base}/condition/${NOPE}`)).status).toBe(404);
    expect((await call('GET', `${base}/condition/condition-by-name/Nope`)).status).toBe(404);
    const conditions = (await call('GET', `${base}/condition`)).data.response;
    const reference = { conditionType: 'ConditionReference', id: conditions[0].id };
    const condition = { conditionType: 'ConditionOrBlock', children: [ROUTER, reference] };
    const created = (await call('POST', mfa, ruleBody('r1', { condition }))).data.response;
    expect((await call('POST', mfa, ruleBody('r2', { rank: 0 }))).status).toBe(200);
    expect((await call('POST', mfa, ruleBody('r1'))).status).toBe(400);
    expect((await call('POST', `${base}/policy-set/${NOPE}/mfa`, ruleBody('r3'))).status).toBe(404);
    const list = (await call('GET', mfa)).data.response;
    expect(list.map((r: { rule: { name: string } }) => r.rule.name)).toEqual(['r2', 'r1', 'Default']);
    expect((await call('GET', `${base}/policy-set/${NOPE}/mfa`)).status).toBe(404);
    expect((await call('GET', `${mfa}/${created.rule.id}`)).status).toBe(200);
    expect((await call('GET', `${mfa}/${NOPE}`)).status).toBe(404);
    expect(
      (await call('PUT', `${mfa}/${created.rule.id}`, ruleBody('r1', { rank: 0, state: 'monitor' }))).status,
    ).toBe(200);
    expect((await call('PUT', `${mfa}/${created.rule.id}`, ruleBody('r1', { rank: 9 }))).status).toBe(400);
    expect((await call('PUT', `${mfa}/${NOPE}`, ruleBody('r1'))).status).toBe(404);
    expect((await call('POST', `${mfa}/reset-hitcount`)).status).toBe(200);
    expect((await call('POST', `${base}/policy-set/${NOPE}/mfa/reset-hitcount`)).status).toBe(404);
    expect((await call('DELETE', `${mfa}/${list[2].rule.id}`)).status).toBe(400);
    expect((await call('DELETE', `${mfa}/${created.rule.id}`)).status).toBe(200);
    expect((await call('DELETE', `${mfa}/${created.rule.id}`)).status).toBe(404);
    expect((await http.delete(`${MFA}/mfa/corp-duo`)).status).toBe(400);
  }),
);

test('a rule with a reference answers the reference with its name (device admin)', () =>
  withSim(true, async () => {
    const http = axios.create({ baseURL: sim.url, auth: AUTH, proxy: false, validateStatus: () => true });
    await seedObjects(http);
    const mfa = `${DA}/policy-set/${await firstSetId(DA)}/mfa`;
    const body = ruleBody('ref', {
      condition: { conditionType: 'ConditionReference', id: NETWORK_ADMINS_ID },
    });
    expect((await call('POST', mfa, body)).data.response.rule.condition.name).toBe('Network-Admins');
  }));

test('all 22 policy operations were driven, with success and error answers', () => {
  const operations = new Set([...covered].map((key) => key.split(' ')[0]));
  expect(operations.size).toBe(22);
  for (const op of operations) {
    expect([op, [...covered].some((k) => k === `${op} 200`)]).toEqual([op, true]);
    expect([op, [...covered].some((k) => k.startsWith(`${op} 4`))]).toEqual([op, true]);
  }
});
