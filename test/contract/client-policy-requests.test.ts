/**
 * Every request the policy methods send, held to Cisco's policy document (`cisco-ise-open-api-policy.yaml`):
 * each method + path is a declared operation of both services, and each rule body validates as `RuleMfa`,
 * every condition node included (`IseContract.checkRuleMfa`). The mocked answers are checked against the
 * spec's response schemas, so the shapes the client unwraps are Cisco's.
 */

import type { IseClient } from '../../src/client/types';
import type { WireRuleMfa } from '../../src/client/wire-policy';
import type { PolicyService } from '../../src/model/state';
import nock from '../helpers/nock';
import { IseContract, POLICY_SPEC, SHARED_DIR } from '../helpers/openapi';
import { BASE, harness, resetNock } from '../unit/client/helpers';

interface Captured {
  method: string;
  path: string;
  body: unknown;
  answerProblems: string[];
}

const contract = new IseContract(SHARED_DIR, [POLICY_SPEC]);
const captured: Captured[] = [];

const SET_ID = '793f55af-ad78-4021-bbdc-6286724394f8';
const RULE_ID = 'd82952cb-b901-4b09-b363-5ebf39bdbaf9';
const COND_ID = 'ad947f38-7063-4da2-8723-652e0ca2ea41';

const attribute = (attributeName: string, operator: string, attributeValue: string, isNegate = false) => ({
  conditionType: 'ConditionAttributes',
  isNegate,
  dictionaryName: 'Network Access',
  attributeName,
  operator,
  attributeValue,
});

/** One body per condition form the reconciler writes: reference, attribute, nested blocks with a negation. */
const bodies: Array<[string, WireRuleMfa]> = [
  [
    'a library reference',
    {
      rule: {
        name: 'Admins (TACACS)',
        rank: 0,
        state: 'enabled',
        default: false,
        condition: { conditionType: 'ConditionReference', isNegate: false, id: COND_ID },
      },
      mfaConnectionName: 'corp duo',
      mfaResultAction: 'ACCEPT',
      mfaFailAction: 'REJECT',
    },
  ],
  [
    'an IP attribute test',
    {
      rule: {
        name: 'VPN users',
        rank: 1,
        state: 'monitor',
        default: false,
        condition: attribute('Device IP Address', 'ipEquals', '10.0.10.0'),
      },
      mfaConnectionName: 'corp duo',
      mfaResultAction: 'ACCEPT',
      mfaFailAction: 'REJECT',
    },
  ],
  [
    'nested and/or blocks with a negated test and a reference',
    {
      rule: {
        name: 'Routers_not_lab',
        rank: 2,
        state: 'disabled',
        default: false,
        condition: {
          conditionType: 'ConditionAndBlock',
          isNegate: false,
          children: [
            {
              conditionType: 'ConditionOrBlock',
              isNegate: false,
              children: [
                attribute('UserName', 'startsWith', 'adm-'),
                { conditionType: 'ConditionReference', isNegate: false, id: COND_ID },
              ],
            },
            attribute('Device IP Address', 'ipEquals', '192.0.2.1', true),
          ],
        },
      },
      mfaConnectionName: 'corp duo',
      mfaResultAction: 'ACCEPT',
      mfaFailAction: 'REJECT',
    },
  ],
  [
    'the Default rule (no condition; only the connection and actions change)',
    {
      rule: { name: 'Default', rank: 3, state: 'enabled', default: true },
      mfaConnectionName: 'corp duo',
      mfaResultAction: 'ACCEPT',
      mfaFailAction: 'REJECT',
    },
  ],
];

const version = '1.0.0';
const storedRule = (body: WireRuleMfa) => ({
  ...body,
  rule: { ...body.rule, id: RULE_ID, hitCounts: 0 },
  link: { rel: 'self', href: `https://ise/x/${RULE_ID}`, type: 'application/json' },
});
const condition = {
  conditionType: 'LibraryConditionAttributes',
  id: COND_ID,
  name: 'Admins_Cond',
  description: 'TACACS admins',
  isNegate: false,
  dictionaryName: 'DEVICE',
  attributeName: 'Device Type',
  operator: 'equals',
  attributeValue: 'All Device Types#Router',
};
const policySet = {
  id: SET_ID,
  name: 'Default',
  description: 'Default policy set',
  serviceName: 'Default Device Admin',
  isProxy: false,
  rank: 0,
  state: 'enabled',
  default: true,
};

/** A spec-conforming answer for each call. */
function answer(method: string, path: string, body: unknown): [number, unknown] {
  if (method === 'DELETE') return [200, { id: RULE_ID }];
  if (method === 'POST' || method === 'PUT')
    return [200, { response: storedRule(body as WireRuleMfa), version }];
  if (path.endsWith('/policy-set')) return [200, { response: [policySet], version }];
  if (path.endsWith('/mfa')) return [200, { response: [storedRule(bodies[0][1])], version }];
  if (path.includes('/condition-by-name/'))
    return path.endsWith('/Nope')
      ? [404, { code: '404', message: 'Not found' }]
      : [200, { response: condition, version }];
  return [200, { response: [condition], version }];
}

beforeEach(() => {
  captured.length = 0;
  const scope = nock(BASE).persist();
  for (const verb of ['GET', 'PUT', 'POST', 'DELETE']) {
    scope.intercept(/.*/, verb).reply(function reply(path, body) {
      const method = this.req.method ?? verb;
      const sent = body === '' ? undefined : body;
      const [status, data] = answer(method, path, sent);
      const answerProblems = contract.checkResponse(method, path, status, data);
      captured.push({ method, path, body: sent, answerProblems });
      return [status, data, { 'Content-Type': 'application/json' }];
    });
  }
});
afterEach(resetNock);

const services: PolicyService[] = ['deviceAdmin', 'networkAccess'];
const calls: Array<[string, (c: IseClient, s: PolicyService) => Promise<unknown>]> = [
  ['listPolicySets', (c, s) => c.listPolicySets(s)],
  ['listMfaRules', (c, s) => c.listMfaRules(s, SET_ID)],
  ...bodies.map(([label, body]): [string, (c: IseClient, s: PolicyService) => Promise<unknown>] => [
    `createMfaRule with ${label}`,
    (c, s) => c.createMfaRule(s, SET_ID, body),
  ]),
  ...bodies.map(([label, body]): [string, (c: IseClient, s: PolicyService) => Promise<unknown>] => [
    `updateMfaRule with ${label}`,
    (c, s) => c.updateMfaRule(s, SET_ID, RULE_ID, body),
  ]),
  ['deleteMfaRule', (c, s) => c.deleteMfaRule(s, SET_ID, RULE_ID)],
  ['getLibraryCondition', (c, s) => c.getLibraryCondition(s, 'Admins_Cond')],
  ['getLibraryCondition (404)', (c, s) => c.getLibraryCondition(s, 'Nope')],
  ['listLibraryConditions', (c, s) => c.listLibraryConditions(s)],
];

const operationsHit = new Set<string>();

describe.each(services)('%s', (service) => {
  test.each(calls)('%s: a declared operation; rule bodies validate as RuleMfa', async (_label, run) => {
    await run(harness().client, service);
    expect(captured).toHaveLength(1);
    const [{ method, path, body, answerProblems }] = captured;
    expect(answerProblems).toEqual([]);
    const operation = contract.find(method, path);
    expect(operation).toBeDefined();
    operationsHit.add(operation?.operationId ?? '');
    if (body === undefined) {
      expect(operation?.requestSchema).toBeUndefined();
      return;
    }
    expect(contract.checkRequest(method, path, body)).toEqual([]);
    expect(contract.checkRuleMfa(body)).toEqual([]);
  });
});

// Runs after the calls above (tests in a file run in order): the seven methods hit these 14 operations.
test('the calls cover the seven operations of each service', () => {
  const expected = ['DeviceAdmin', 'NetworkAccess'].flatMap((s) => [
    `get${s}PolicySetList`,
    `get${s}PolicyByIdMfaRuleList`,
    `create${s}PolicyByIdMfaRule`,
    `update${s}PolicyByIdMfaRuleById`,
    `delete${s}PolicyByIdMfaRuleById`,
    `get${s}ConditionByConditionName`,
    `get${s}Conditions`,
  ]);
  expect([...operationsHit].sort()).toEqual(expected.sort());
});
