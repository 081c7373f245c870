/**
 * The policy methods (issue #11) against nock: each method's path for both services, the `{response}`
 * unwrapping of each endpoint, condition-by-name's 404 as null, and the ids and names URL-encoded.
 * The call rules (read-only, retries, outcome unknown) are in policy-calls.test.ts.
 */

import type { WireCondition, WirePolicySet, WireRuleMfa } from '../../../src/client/wire-policy';
import { UsageError } from '../../../src/errors';
import type { PolicyService } from '../../../src/model/state';
import nock from '../../helpers/nock';
import { apiFailure, failure, harness, ise, resetNock } from './helpers';

afterEach(resetNock);

const SET_ID = '793f55af-ad78-4021-bbdc-6286724394f8';
const RULE_ID = 'd82952cb-b901-4b09-b363-5ebf39bdbaf9';

const services: Array<[PolicyService, string]> = [
  ['deviceAdmin', '/api/v1/policy/device-admin'],
  ['networkAccess', '/api/v1/policy/network-access'],
];

const policySet: WirePolicySet = { id: SET_ID, name: 'Default', rank: 0, state: 'enabled', default: true };
const stored: WireRuleMfa = {
  rule: {
    id: RULE_ID,
    name: 'Admins',
    rank: 0,
    state: 'enabled',
    default: false,
    hitCounts: 2,
    condition: { conditionType: 'ConditionReference', isNegate: false, id: 'c-1', name: 'Admins_Cond' },
  },
  mfaConnectionName: 'corp duo',
  mfaResultAction: 'ACCEPT',
  mfaFailAction: 'REJECT',
  link: { rel: 'self', href: `https://ise/api/v1/policy/device-admin/policy-set/${SET_ID}/mfa/${RULE_ID}` },
};
const toSend: WireRuleMfa = {
  rule: {
    name: 'Admins',
    rank: 0,
    state: 'enabled',
    condition: { conditionType: 'ConditionReference', id: 'c-1' },
  },
  mfaConnectionName: 'corp duo',
  mfaResultAction: 'ACCEPT',
  mfaFailAction: 'REJECT',
};
const condition: WireCondition = {
  conditionType: 'LibraryConditionAttributes',
  id: 'c-1',
  name: 'Admins_Cond',
  dictionaryName: 'DEVICE',
  attributeName: 'Device Type',
  operator: 'equals',
  attributeValue: 'All Device Types#Router',
  isNegate: false,
};
const version = '1.0.0';

describe.each(services)('%s', (service, base) => {
  test('listPolicySets unwraps response', async () => {
    ise()
      .get(`${base}/policy-set`)
      .reply(200, { response: [policySet], version });
    expect(await harness().client.listPolicySets(service)).toEqual([policySet]);
  });

  test('listMfaRules unwraps response', async () => {
    ise()
      .get(`${base}/policy-set/${SET_ID}/mfa`)
      .reply(200, { response: [stored], version });
    expect(await harness().client.listMfaRules(service, SET_ID)).toEqual([stored]);
  });

  test('createMfaRule sends the body and returns the created rule with its id', async () => {
    let sent: unknown;
    ise()
      .post(`${base}/policy-set/${SET_ID}/mfa`, (body) => {
        sent = body;
        return true;
      })
      .reply(201, { response: stored, version });
    const created = await harness().client.createMfaRule(service, SET_ID, toSend);
    expect(sent).toEqual(toSend);
    expect(created).toEqual(stored);
    expect(created.rule?.id).toBe(RULE_ID);
  });

  test('updateMfaRule PUTs the body to the rule; 200 with a body, 201 and 204 without are all success', async () => {
    const bodies: unknown[] = [];
    const capture = (body: unknown) => {
      bodies.push(body);
      return true;
    };
    const path = `${base}/policy-set/${SET_ID}/mfa/${RULE_ID}`;
    ise().put(path, capture).reply(200, { response: stored, version });
    ise().put(path, capture).reply(201);
    ise().put(path, capture).reply(204);
    const { client } = harness();
    for (let i = 0; i < 3; i++)
      await expect(client.updateMfaRule(service, SET_ID, RULE_ID, toSend)).resolves.toBe(undefined);
    expect(bodies).toEqual([toSend, toSend, toSend]);
    expect(nock.isDone()).toBe(true);
  });

  test('deleteMfaRule DELETEs the rule; the {id} answer is opaque', async () => {
    ise().delete(`${base}/policy-set/${SET_ID}/mfa/${RULE_ID}`).reply(200, { id: RULE_ID });
    await harness().client.deleteMfaRule(service, SET_ID, RULE_ID);
    expect(nock.isDone()).toBe(true);
  });

  test('getLibraryCondition unwraps response; the name is one encoded segment', async () => {
    ise()
      .get(`${base}/condition/condition-by-name/Routers%2FSwitches%20east`)
      .reply(200, { response: condition, version });
    expect(await harness().client.getLibraryCondition(service, 'Routers/Switches east')).toEqual(condition);
  });

  test("getLibraryCondition is null on ISE's 404", async () => {
    ise()
      .get(`${base}/condition/condition-by-name/Nope`)
      .reply(404, { code: '404', message: 'Condition Nope not found' });
    expect(await harness().client.getLibraryCondition(service, 'Nope')).toBeNull();
  });

  test('listLibraryConditions unwraps response', async () => {
    ise()
      .get(`${base}/condition`)
      .reply(200, { response: [condition], version });
    expect(await harness().client.listLibraryConditions(service)).toEqual([condition]);
  });
});

describe('answers the client cannot use', () => {
  const base = '/api/v1/policy/network-access';

  test('a list without "response" is a bad-response error', async () => {
    ise()
      .get(`${base}/policy-set`)
      .reply(200, { items: [policySet], version });
    const err = await apiFailure(() => harness().client.listPolicySets('networkAccess'));
    expect(err.details).toMatchObject({ kind: 'bad-response', outcomeUnknown: false });
    expect(err.message).toContain('"response" is not an array');
  });

  test('a created rule without its id: bad-response, and the rule may exist (outcome unknown)', async () => {
    ise()
      .post(`${base}/policy-set/${SET_ID}/mfa`)
      .reply(201, { response: { mfaConnectionName: 'x' }, version });
    const err = await apiFailure(() => harness().client.createMfaRule('networkAccess', SET_ID, toSend));
    expect(err.details).toMatchObject({ kind: 'bad-response', status: 201, outcomeUnknown: true });
    expect(err.message).toContain('response.rule.id');
    expect(err.message).toContain('may have taken effect');
  });

  test('a condition answer without an object "response" is a bad-response error', async () => {
    ise().get(`${base}/condition/condition-by-name/C1`).reply(200, { response: 'C1', version });
    const err = await apiFailure(() => harness().client.getLibraryCondition('networkAccess', 'C1'));
    expect(err.details.kind).toBe('bad-response');
  });

  test('an HTML 404 page (a proxy, a wrong URL) is an error, not "no such condition"', async () => {
    ise()
      .get(`${base}/condition/condition-by-name/C1`)
      .reply(404, '<html><body>Not Found</body></html>', { 'Content-Type': 'text/html' });
    const err = await apiFailure(() => harness().client.getLibraryCondition('networkAccess', 'C1'));
    expect(err.details).toMatchObject({ kind: 'http', status: 404 });
  });

  test('403 on the MFA rules explains the disabled MFA feature', async () => {
    ise().get(`${base}/policy-set/${SET_ID}/mfa`).reply(403);
    const err = await apiFailure(() => harness().client.listMfaRules('networkAccess', SET_ID));
    expect(err.details.explanation).toMatch(/MFA feature is disabled/);
  });

  test('404 on the MFA rules explains a vanished policy set or an ISE without the API', async () => {
    ise().get(`${base}/policy-set/${SET_ID}/mfa`).reply(404, { code: '404', message: 'Not found' });
    const err = await apiFailure(() => harness().client.listMfaRules('networkAccess', SET_ID));
    expect(err.details.explanation).toMatch(/policy set or the rule no longer exists/);
  });
});

describe('bad arguments fail before anything is sent', () => {
  test.each([
    ['an empty policy set id', () => harness().client.listMfaRules('deviceAdmin', ''), 'policy set id'],
    ['an empty rule id', () => harness().client.deleteMfaRule('deviceAdmin', SET_ID, ''), 'MFA rule id'],
    [
      'an empty condition name',
      () => harness().client.getLibraryCondition('deviceAdmin', ''),
      'condition name',
    ],
    [
      'an unknown service',
      () => harness().client.listPolicySets('guest' as PolicyService),
      'Unknown policy service "guest"',
    ],
  ])('%s', async (_label, run, text) => {
    // ISE would answer anything; the call must not get that far.
    const sent: string[] = [];
    for (const verb of ['GET', 'DELETE']) {
      ise()
        .intercept(/.*/, verb)
        .reply((uri) => {
          sent.push(`${verb} ${uri}`);
          return [200, { response: [], version: '1.0.0' }];
        });
    }
    const err = await failure(run);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(text);
    expect(sent).toEqual([]);
  });

  test('ids are encoded as one segment', async () => {
    ise().delete('/api/v1/policy/device-admin/policy-set/a%2Fb/mfa/c%3Fd').reply(200, { id: 'x' });
    await harness().client.deleteMfaRule('deviceAdmin', 'a/b', 'c?d');
    expect(nock.isDone()).toBe(true);
  });
});
