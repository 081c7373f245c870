/**
 * MFA-rule bodies ISE would refuse get ISE's 400, with the offending field's full path in the message
 * (`rule.condition.children[0].id, must not be null`, ISE's own wording), and nothing is stored.
 */
import type { AxiosInstance } from 'axios';
import { errorBody, useSeededSim } from './helpers';
import {
  AUTH_PASSED_ID,
  DA_BUSINESS_HOURS_ID,
  ROUTER,
  routersMfaPath,
  ruleBody,
  table,
} from './policy-helpers';

const seeded = useSeededSim();
let http: AxiosInstance;
let mfa: string;
beforeEach(async () => {
  http = seeded.http();
  mfa = await routersMfaPath(http);
});

const and = (...children: unknown[]) => ({ conditionType: 'ConditionAndBlock', children });
const withCondition = (condition: unknown) => ruleBody('r', { condition });
const { attributeName: _drop, ...noAttribute } = ROUTER;

it.each([
  [
    'a reference without id',
    withCondition(and(ROUTER, { conditionType: 'ConditionReference' })),
    'rule.condition.children[1].id, must not be null',
  ],
  [
    'a reference to an unknown id',
    withCondition({ conditionType: 'ConditionReference', id: '00000000-0000-0000-0000-000000000000' }),
    /^rule\.condition\.id, no library condition has the id "0{8}-/,
  ],
  [
    "a reference to the other service's condition",
    withCondition({ conditionType: 'ConditionReference', id: AUTH_PASSED_ID }),
    /rule\.condition\.id, no library condition/,
  ],
  [
    'a Library type inside a rule',
    withCondition(and(ROUTER, { ...ROUTER, conditionType: 'LibraryConditionAttributes', name: 'x' })),
    /^rule\.condition\.children\[1\]\.conditionType, LibraryConditionAttributes can only be the root of a library condition/,
  ],
  [
    'a time-and-date condition inline',
    withCondition({
      conditionType: 'TimeAndDateCondition',
      id: DA_BUSINESS_HOURS_ID,
      name: 'Business-Hours',
    }),
    /TimeAndDateCondition can only be the root/,
  ],
  [
    'an attribute test without attributeName',
    withCondition(noAttribute),
    'rule.condition.attributeName, must not be null',
  ],
  [
    'an unknown operator',
    withCondition({ ...ROUTER, operator: 'like' }),
    /^rule\.condition\.operator, "like" is not an operator/,
  ],
  [
    'an unknown conditionType',
    withCondition({ ...ROUTER, conditionType: 'Attr' }),
    /conditionType, "Attr" is not one of/,
  ],
  [
    'no conditionType',
    withCondition({ ...ROUTER, conditionType: undefined }),
    'rule.condition.conditionType, must not be null',
  ],
  ['an empty block', withCondition(and()), /rule\.condition\.children, must hold at least one/],
  [
    'a name on an inline condition',
    withCondition({ ...ROUTER, name: 'x' }),
    /rule\.condition\.name, a condition name cannot/,
  ],
  [
    'a non-boolean isNegate',
    withCondition({ ...ROUTER, isNegate: 'yes' }),
    /rule\.condition\.isNegate, must be true or false/,
  ],
  ['no condition', ruleBody('r', { condition: null }), 'rule.condition, must not be null'],
  ['no rule', { mfaConnectionName: 'corp-duo' }, 'rule, must not be null'],
  ['no name', { ...ruleBody('r'), rule: { condition: ROUTER } }, 'rule.name, must not be null'],
  ['a name ISE does not allow', ruleBody('a/b'), /rule\.name, "a\/b" has characters/],
  [
    'an unknown state',
    ruleBody('r', { state: 'on' }),
    /rule\.state, must be one of enabled, disabled, monitor/,
  ],
  [
    'an unknown action',
    ruleBody('r', {}, { mfaFailAction: 'DROP' }),
    'mfaFailAction, "DROP" is not one of ACCEPT, REJECT',
  ],
  ['no action', ruleBody('r', {}, { mfaResultAction: undefined }), 'mfaResultAction, must not be null'],
  [
    'a number for a connection name',
    ruleBody('r', {}, { mfaConnectionName: 7 }),
    'mfaConnectionName, must be a string',
  ],
  ['an array body', [], /Request body must be a JSON object/],
])('refuses %s with 400 and stores nothing', async (_label, body, message) => {
  const res = await http.post(mfa, body);
  const expected = typeof message === 'string' ? { code: '400', message } : errorBody(400, message);
  expect([res.status, res.data]).toEqual([400, expected]);
  expect(await table(http, mfa)).toEqual([]);
});

it('refuses the same bodies on PUT, leaving the rule as it was', async () => {
  const created = (await http.post(mfa, ruleBody('r'))).data.response;
  const bad = withCondition(and({ conditionType: 'ConditionReference' }));
  const res = await http.put(`${mfa}/${created.rule.id}`, bad);
  expect(res.data).toEqual({ code: '400', message: 'rule.condition.children[0].id, must not be null' });
  expect((await http.get(`${mfa}/${created.rule.id}`)).data.response).toEqual(created);
});

it('refuses a body that is not JSON', async () => {
  const res = await http.post(mfa, '{', {
    headers: { 'content-type': 'application/json' },
    transformRequest: [(d) => d],
  });
  expect([res.status, res.data]).toEqual([400, errorBody(400, /not valid JSON/)]);
});
