/**
 * MFA-rule behaviour over HTTP apart from ranks: names unique per policy set (ignoring case), the
 * equals -> ipEquals rewrite on IP attributes, 403 while MFA is off (policy sets and conditions still
 * answer), the Duo connection checks and the refusal to delete a connection a rule names, read-only fields
 * ignored, reset-hitcount, and an injected fault on a rule write.
 */
import type { AxiosInstance } from 'axios';
import { client, connectionBody, errorBody, MFA, startTestSim, useSeededSim } from './helpers';
import {
  createRules,
  DA,
  NA,
  NETWORK_ADMINS_ID,
  policySetId,
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

describe('names', () => {
  it('are unique within a policy set, ignoring case, on POST and on a renaming PUT', async () => {
    const [, b] = await createRules(http, mfa, ['Duo Admins', 'Other']);
    const clash = await http.post(mfa, ruleBody('duo admins'));
    expect([clash.status, clash.data]).toEqual([400, errorBody(400, /"Duo Admins" already exists/)]);
    expect((await http.put(`${mfa}/${b}`, ruleBody('DUO ADMINS'))).status).toBe(400);
    expect((await http.put(`${mfa}/${b}`, ruleBody('Other (renamed)'))).status).toBe(200);
    expect(await table(http, mfa)).toEqual(['0:Duo Admins', '1:Other (renamed)']);
  });

  it('may repeat across policy sets', async () => {
    const switches = `${DA}/policy-set/${await policySetId(http, DA, 'Switches')}/mfa`;
    await createRules(http, mfa, ['Duo Admins']);
    expect((await http.post(switches, ruleBody('Duo Admins'))).status).toBe(200);
  });
});

describe('conditions', () => {
  const ip = (operator: string, dictionaryName = 'Network Access', attributeName = 'Device IP Address') => ({
    conditionType: 'ConditionAttributes',
    dictionaryName,
    attributeName,
    operator,
    attributeValue: '10.0.0.1',
  });

  it('rewrites equals-style operators on IP attributes to their ip* forms, at any depth', async () => {
    const condition = {
      conditionType: 'ConditionOrBlock',
      children: [
        ip('equals'),
        ip('notEquals', 'Radius', 'NAS-IP-Address'),
        ip('equals', 'DEVICE', 'Location'),
      ],
    };
    const created = (await http.post(mfa, ruleBody('ip', { condition }))).data.response;
    const ops = (r: { rule: { condition: { children: { operator: string }[] } } }) =>
      r.rule.condition.children.map((c) => c.operator);
    expect(ops(created)).toEqual(['ipEquals', 'ipNotEquals', 'equals']);
    expect(ops((await http.get(`${mfa}/${created.rule.id}`)).data.response)).toEqual([
      'ipEquals',
      'ipNotEquals',
      'equals',
    ]);
  });

  it('come back with isNegate, dictionaryValue null, and references named', async () => {
    const condition = {
      conditionType: 'ConditionAndBlock',
      isNegate: true,
      children: [ROUTER, { conditionType: 'ConditionReference', id: NETWORK_ADMINS_ID, name: 'ignored' }],
    };
    const res = await http.post(mfa, ruleBody('r', { condition }));
    expect(res.data.response.rule.condition).toEqual({
      conditionType: 'ConditionAndBlock',
      isNegate: true,
      children: [
        { ...ROUTER, isNegate: false, dictionaryValue: null },
        {
          conditionType: 'ConditionReference',
          isNegate: false,
          id: NETWORK_ADMINS_ID,
          name: 'Network-Admins',
          description: 'Members of the AD group Network Admins',
        },
      ],
    });
  });
});

describe('the MFA feature switch', () => {
  it('answers 403 on every MFA-rule operation while MFA is off, but serves policy sets and conditions', async () => {
    const [id] = await createRules(http, mfa, ['a']);
    await http.put(`${MFA}/enable`, { mfa: { status: false } });
    for (const [method, path, body] of [
      ['get', mfa],
      ['post', mfa, ruleBody('b')],
      ['get', `${mfa}/${id}`],
      ['put', `${mfa}/${id}`, ruleBody('a')],
      ['delete', `${mfa}/${id}`],
      ['post', `${mfa}/reset-hitcount`],
    ] as const) {
      const res = await http.request({ method, url: path, data: body });
      expect([method, path, res.status, res.data]).toEqual([
        method,
        path,
        403,
        errorBody(403, /MFA feature is disabled/),
      ]);
    }
    for (const base of [DA, NA]) {
      expect((await http.get(`${base}/policy-set`)).status).toBe(200);
      expect((await http.get(`${base}/condition`)).status).toBe(200);
      expect((await http.get(`${base}/condition/condition-by-name/Business-Hours`)).status).toBe(200);
    }
    await http.put(`${MFA}/enable`, { mfa: { status: true } });
    expect(await table(http, mfa)).toEqual(['0:a']);
  });
});

describe('Duo connections', () => {
  it('must exist and serve the policy service (TACACS for device admin, VPN for network access)', async () => {
    const vpnSet = `${NA}/policy-set/${await policySetId(http, NA, 'VPN Users')}/mfa`;
    await http.post(`${MFA}/mfa`, connectionBody('vpn-only', 'corp-sync', { type: 'VPN' }));
    await http.post(`${MFA}/mfa`, connectionBody('tacacs-only', 'corp-sync', { type: 'TACACS' }));
    const unknown = await http.post(mfa, ruleBody('a', {}, { mfaConnectionName: 'nope' }));
    expect(unknown.data).toEqual(errorBody(400, /mfaConnectionName, no Duo connection is named "nope"/));
    const wrong = await http.post(mfa, ruleBody('a', {}, { mfaConnectionName: 'vpn-only' }));
    expect(wrong.data.message).toMatch(/"vpn-only" has type "VPN"; a device-admin MFA rule needs .*TACACS/);
    expect((await http.post(mfa, ruleBody('a', {}, { mfaConnectionName: 'tacacs-only' }))).status).toBe(200);
    const na = { mfaConnectionName: 'tacacs-only' };
    const naRule = (extra: Record<string, unknown>) => ({
      ...ruleBody('v', { condition: ROUTER }),
      ...extra,
    });
    expect((await http.post(vpnSet, naRule(na))).data.message).toMatch(/network-access MFA rule needs .*VPN/);
    expect((await http.post(vpnSet, naRule({ mfaConnectionName: 'vpn-only' }))).status).toBe(200);
    expect((await http.post(mfa, ruleBody('b', {}, { mfaConnectionName: undefined }))).data.message).toBe(
      'mfaConnectionName, must not be null',
    );
  });

  it('cannot be deleted while a rule names it; can once the rule is gone', async () => {
    const [id] = await createRules(http, mfa, ['Routers MFA']);
    const refused = await http.delete(`${MFA}/mfa/corp-duo`);
    expect([refused.status, refused.data.message]).toEqual([
      400,
      expect.stringContaining('is used by MFA rule(s) "Routers" / "Routers MFA" (device-admin)'),
    ]);
    expect((await http.get(`${MFA}/mfa/corp-duo`)).status).toBe(200);
    await http.delete(`${mfa}/${id}`);
    expect((await http.delete(`${MFA}/mfa/corp-duo`)).status).toBe(200);
  });
});

describe('request bodies', () => {
  it('ignore the read-only id, hitCounts and link', async () => {
    const body = {
      ...ruleBody('a', { id: 'client-made-id', hitCounts: 99, condition: { ...ROUTER, link: null } }),
      link: { href: 'https://elsewhere.example/x' },
    };
    const rule = (await http.post(mfa, body)).data.response;
    expect(rule.rule.id).not.toBe('client-made-id');
    expect(rule.rule.hitCounts).toBe(0);
    expect(rule.link.href).toBe(`${seeded.sim().url}${mfa}/${rule.rule.id}`);
    const echoed = await http.put(`${mfa}/${rule.rule.id}`, { ...rule, rule: { ...rule.rule, id: 'other' } });
    expect([echoed.status, echoed.data.response]).toEqual([200, rule]);
  });

  it('are full replacements on PUT: an omitted state becomes enabled', async () => {
    const [id] = await createRules(http, mfa, ['a']);
    await http.put(`${mfa}/${id}`, ruleBody('a', { state: 'disabled', rank: 0 }));
    expect((await http.put(`${mfa}/${id}`, ruleBody('a', { rank: 0 }))).data.response.rule.state).toBe(
      'enabled',
    );
  });
});

describe('reset-hitcount and unknown ids', () => {
  it('resets hit counts (seeded ones included) and answers {message}', async () => {
    const sim = await startTestSim({
      seed: {
        activeDirectories: [],
        mfaEnabled: true,
        duoConnections: [{ connectionName: 'duo', type: 'TACACS' }],
        policySets: {
          deviceAdmin: [
            {
              name: 'Routers',
              condition: ROUTER,
              mfaRules: [{ ...ruleBody('old', { hitCounts: 42 }), mfaConnectionName: 'duo' }],
            },
          ],
        },
      },
    });
    try {
      const c = client(sim);
      const set = `${DA}/policy-set/${await policySetId(c, DA, 'Routers')}/mfa`;
      expect((await c.get(set)).data.response[0].rule.hitCounts).toBe(42);
      const res = await c.post(`${set}/reset-hitcount`);
      expect([res.status, res.data]).toEqual([200, { message: 'Success' }]);
      expect((await c.get(set)).data.response[0].rule.hitCounts).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it('answer 404 for an unknown policy set or rule', async () => {
    expect((await http.get(`${DA}/policy-set/nope/mfa`)).data).toEqual(errorBody(404, /policy set "nope"/));
    expect((await http.post(`${DA}/policy-set/nope/mfa`, ruleBody('a'))).status).toBe(404);
    expect((await http.post(`${DA}/policy-set/nope/mfa/reset-hitcount`)).status).toBe(404);
    expect((await http.put(`${mfa}/nope`, ruleBody('a'))).status).toBe(404);
    expect((await http.get(`${mfa}/nope`)).data).toEqual(errorBody(404, /MFA rule "nope"/));
  });
});

describe('faults, latency and the request log', () => {
  it('cover rule writes: an injected 500 on POST stores nothing, and the log shows it', async () => {
    const sim = seeded.sim();
    sim.addFault({ method: 'POST', path: `${DA}/policy-set/*`, kind: '500' });
    sim.clearLog();
    const failed = await http.post(mfa, ruleBody('a'));
    expect([failed.status, failed.data]).toEqual([500, errorBody(500, /injected fault/)]);
    expect(await table(http, mfa)).toEqual([]);
    expect((await http.post(mfa, ruleBody('a'))).status).toBe(200);
    expect(sim.requestLog().map((e) => [e.method, e.path, e.status, e.fault])).toEqual([
      ['POST', mfa, 500, '500'],
      ['GET', mfa, 200, undefined],
      ['POST', mfa, 200, undefined],
    ]);
  });

  it('lose the answer of a committed write with lost-response', async () => {
    seeded.sim().addFault({ method: 'PUT', path: `${mfa}/*`, kind: 'lost-response' });
    const [id] = await createRules(http, mfa, ['a']);
    await expect(http.put(`${mfa}/${id}`, ruleBody('renamed', { rank: 0 }))).rejects.toThrow();
    expect(await table(http, mfa)).toEqual(['0:renamed']);
  });
});
