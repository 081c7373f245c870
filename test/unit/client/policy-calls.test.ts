/**
 * The call rules for the policy methods: read-only mode refuses the rule writes before anything is sent (the
 * reads still work), PUT, DELETE and the reads are retried on 503, and a POST is never re-sent: its outcome
 * is marked unknown when the answer is lost or is a 502-504.
 */

import type { IseClient } from '../../../src/client/types';
import type { WireRuleMfa } from '../../../src/client/wire-policy';
import nock from '../../helpers/nock';
import { apiFailure, harness, ise, resetNock } from './helpers';
import { type Loopback, scriptedServer } from './loopback';

afterEach(resetNock);

const SET = 'set-1';
const RULE = 'rule-1';
const DA = '/api/v1/policy/device-admin';
const NA = '/api/v1/policy/network-access';
const body: WireRuleMfa = { rule: { name: 'r1', rank: 0 }, mfaConnectionName: 'corp duo' };
const created = { response: { ...body, rule: { ...body.rule, id: RULE } }, version: '1.0.0' };

/** Counts the requests nock answers on `scope`. */
function counter(scope: nock.Scope): { count: () => number } {
  let n = 0;
  scope.on('request', () => {
    n++;
  });
  return { count: () => n };
}

const writes: Array<[string, (c: IseClient) => Promise<unknown>, string, string]> = [
  [
    'createMfaRule (TACACS+)',
    (c) => c.createMfaRule('deviceAdmin', SET, body),
    'POST',
    `${DA}/policy-set/${SET}/mfa`,
  ],
  [
    'createMfaRule (RADIUS)',
    (c) => c.createMfaRule('networkAccess', SET, body),
    'POST',
    `${NA}/policy-set/${SET}/mfa`,
  ],
  [
    'updateMfaRule',
    (c) => c.updateMfaRule('deviceAdmin', SET, RULE, body),
    'PUT',
    `${DA}/policy-set/${SET}/mfa/${RULE}`,
  ],
  [
    'deleteMfaRule',
    (c) => c.deleteMfaRule('networkAccess', SET, RULE),
    'DELETE',
    `${NA}/policy-set/${SET}/mfa/${RULE}`,
  ],
];

describe.each([
  ['readOnly: true', () => harness({ readOnly: true }).client],
  ['asReadOnly()', () => harness().client.asReadOnly()],
])('%s', (_label, makeClient) => {
  test.each(writes)('%s is refused with nothing sent', async (_name, run, method, path) => {
    const scope = ise().intercept(path, method).reply(200, created);
    const err = await apiFailure(() => run(makeClient()));
    expect(err.details).toMatchObject({ kind: 'read-only', method, path });
    expect(err.message).toContain('nothing was sent to ISE');
    expect(scope.isDone()).toBe(false);
  });

  test('the four reads still work', async () => {
    ise().get(`${DA}/policy-set`).reply(200, { response: [], version: '1.0.0' });
    ise().get(`${DA}/policy-set/${SET}/mfa`).reply(200, { response: [], version: '1.0.0' });
    ise().get(`${NA}/condition`).reply(200, { response: [], version: '1.0.0' });
    ise().get(`${NA}/condition/condition-by-name/C1`).reply(404, { code: '404', message: 'not found' });
    const client = makeClient();
    expect(await client.listPolicySets('deviceAdmin')).toEqual([]);
    expect(await client.listMfaRules('deviceAdmin', SET)).toEqual([]);
    expect(await client.listLibraryConditions('networkAccess')).toEqual([]);
    expect(await client.getLibraryCondition('networkAccess', 'C1')).toBeNull();
    expect(nock.isDone()).toBe(true);
  });
});

describe('retries', () => {
  test('PUT is retried on 503 and succeeds', async () => {
    const path = `${DA}/policy-set/${SET}/mfa/${RULE}`;
    const c = counter(ise().put(path).reply(503).put(path).reply(200, created));
    const h = harness();
    await h.client.updateMfaRule('deviceAdmin', SET, RULE, body);
    expect(c.count()).toBe(2);
    expect(h.sleeps).toHaveLength(1);
  });

  test('DELETE is retried on 503 and succeeds', async () => {
    const path = `${NA}/policy-set/${SET}/mfa/${RULE}`;
    const c = counter(ise().delete(path).reply(503).delete(path).reply(200, { id: RULE }));
    await harness().client.deleteMfaRule('networkAccess', SET, RULE);
    expect(c.count()).toBe(2);
  });

  test('the reads are retried on 503, condition-by-name included', async () => {
    const path = `${NA}/condition/condition-by-name/C1`;
    const condition = { conditionType: 'LibraryConditionAttributes', name: 'C1', id: 'c-1' };
    ise().get(path).reply(503).get(path).reply(200, { response: condition, version: '1.0.0' });
    ise()
      .get(`${NA}/policy-set`)
      .reply(503)
      .get(`${NA}/policy-set`)
      .reply(200, { response: [], version: '1' });
    const { client } = harness();
    expect(await client.getLibraryCondition('networkAccess', 'C1')).toEqual(condition);
    expect(await client.listPolicySets('networkAccess')).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  test('POST is not retried on 503: one request, the outcome marked unknown', async () => {
    const path = `${DA}/policy-set/${SET}/mfa`;
    const c = counter(ise().post(path).times(4).reply(503));
    const h = harness();
    const err = await apiFailure(() => h.client.createMfaRule('deviceAdmin', SET, body));
    expect(c.count()).toBe(1);
    expect(h.sleeps).toEqual([]);
    expect(err.details).toMatchObject({ status: 503, method: 'POST', path, outcomeUnknown: true });
    expect(err.message).toContain('may have taken effect');
  });

  test('POST is not re-sent after a 429 either (nothing is known to be safe to repeat)', async () => {
    const c = counter(ise().post(`${NA}/policy-set/${SET}/mfa`).times(4).reply(429));
    const err = await apiFailure(() => harness().client.createMfaRule('networkAccess', SET, body));
    expect(c.count()).toBe(1);
    expect(err.details).toMatchObject({ status: 429, outcomeUnknown: false });
  });

  describe('a lost answer', () => {
    let server: Loopback | undefined;
    afterEach(async () => server?.close());

    test('POST whose connection drops is sent once, outcome unknown', async () => {
      server = await scriptedServer(['reset', { status: 201, body: created }]);
      const err = await apiFailure(() =>
        harness({ baseUrl: server?.url }).client.createMfaRule('deviceAdmin', SET, body),
      );
      expect(server.requests).toHaveLength(1);
      expect(err.details).toMatchObject({ kind: 'network', outcomeUnknown: true });
    });

    test('PUT whose connection drops is sent again', async () => {
      server = await scriptedServer(['reset', { status: 200, body: created }]);
      await harness({ baseUrl: server.url }).client.updateMfaRule('deviceAdmin', SET, RULE, body);
      expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    });
  });
});
