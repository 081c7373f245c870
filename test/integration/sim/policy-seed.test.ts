/**
 * Where the policy data comes from: the seed's policy sets and library conditions (with a Default set always
 * there), brownfield MFA rules, and clear errors for a bad seed, naming where the problem is.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors';
import type { SimSeed } from '../../../src/sim/types';
import { client, errorBody, MFA, startTestSim } from './helpers';
import { DA, defaultSeed, NA, policySetId, ROUTER, ruleBody, table } from './policy-helpers';

describe('the default seed', () => {
  it('serves its policy sets in rank order, Default last, and finds them by id', async () => {
    const sim = await startTestSim();
    try {
      const http = client(sim);
      const names = async (base: string) =>
        (await http.get(`${base}/policy-set`)).data.response.map(
          (s: { name: string; rank: number }) => `${s.rank}:${s.name}`,
        );
      expect(await names(DA)).toEqual(['0:Routers', '1:Switches', '2:Default']);
      expect(await names(NA)).toEqual(['0:VPN Users', '1:Default']);
      const list = (await http.get(`${NA}/policy-set`)).data.response;
      expect(list[1]).toEqual({
        id: expect.any(String),
        name: 'Default',
        default: true,
        description: 'Default policy set',
        serviceName: 'Default Network Access',
        state: 'enabled',
        isProxy: false,
        rank: 1,
        hitCounts: 0,
        link: { href: `${sim.url}${NA}/policy-set/${list[1].id}`, rel: 'self', type: 'application/json' },
      });
      expect(list[0].condition).toMatchObject({
        conditionType: 'ConditionReference',
        name: 'Corp-VPN-Headends',
      });
      expect((await http.get(`${NA}/policy-set/${list[0].id}`)).data).toEqual({
        response: list[0],
        version: '1.0.0',
      });
      expect((await http.get(`${NA}/policy-set/${list[0].id}x`)).status).toBe(404);
    } finally {
      await sim.stop();
    }
  });

  it('serves its library conditions by list, id and name (time-and-date ones included), per service', async () => {
    const sim = await startTestSim();
    try {
      const http = client(sim);
      const list = (await http.get(`${NA}/condition`)).data.response;
      expect(list.map((c: { name: string }) => c.name)).toEqual([
        'Network_Access_Authentication_Passed',
        'Corp-VPN-Headends',
        'Business-Hours',
      ]);
      const vpn = list[1];
      expect(vpn.children.map((c: { operator: string }) => c.operator)).toEqual(['ipEquals', 'ipEquals']);
      expect((await http.get(`${NA}/condition/${vpn.id}`)).data.response).toEqual(vpn);
      expect((await http.get(`${NA}/condition/condition-by-name/Corp-VPN-Headends`)).data.response).toEqual(
        vpn,
      );
      const hours = (await http.get(`${DA}/condition/condition-by-name/Business-Hours`)).data.response;
      expect(hours).toMatchObject({
        conditionType: 'TimeAndDateCondition',
        hoursRange: { startTime: '08:00' },
      });
      expect((await http.get(`${DA}/condition/condition-by-name/Corp-VPN-Headends`)).data).toEqual(
        errorBody(404, /library condition "Corp-VPN-Headends"/),
      );
      expect((await http.get(`${DA}/condition/condition-by-name/business-hours`)).status).toBe(404);
      expect((await http.get(`${DA}/condition/nope`)).status).toBe(404);
    } finally {
      await sim.stop();
    }
  });
});

describe('seeds', () => {
  const brownfield = (rules: unknown[]): SimSeed => ({
    activeDirectories: [],
    duoConnections: [{ connectionName: 'duo', type: 'VPN,TACACS' }],
    policySets: { deviceAdmin: [{ name: 'Routers', condition: ROUTER, mfaRules: rules as never }] },
  });

  it('load pre-existing MFA rules as a POST would, keeping their ids and hit counts', async () => {
    const rule = (name: string, extra = {}) => ({ ...ruleBody(name, extra), mfaConnectionName: 'duo' });
    const sim = await startTestSim({
      seed: brownfield([
        rule('first'),
        rule('second', { id: 'b7d0c1e2-0000-4000-8000-000000000001', hitCounts: 5 }),
      ]),
      mfaEnabled: true,
    });
    try {
      const http = client(sim);
      const mfa = `${DA}/policy-set/${await policySetId(http, DA, 'Routers')}/mfa`;
      expect(await table(http, mfa)).toEqual(['0:first', '1:second']);
      const second = (await http.get(`${mfa}/b7d0c1e2-0000-4000-8000-000000000001`)).data.response;
      expect(second.rule).toMatchObject({ name: 'second', hitCounts: 5 });
      expect((await http.delete(`${MFA}/mfa/duo`)).status).toBe(400);
    } finally {
      await sim.stop();
    }
  });

  it.each([
    ['an unknown service', { policySets: { tacacs: [] } }, /policySets: unknown service\(s\) tacacs/],
    ['a string for defaultMfaRule', { defaultMfaRule: 'yes' }, /defaultMfaRule must be true or false/],
    [
      'a number for rewritesConditionBlocks',
      { rewritesConditionBlocks: 1 },
      /rewritesConditionBlocks must be true or false, not 1/,
    ],
    [
      'a string for rulesAnswerConnectionHost',
      { rulesAnswerConnectionHost: 'no' },
      /rulesAnswerConnectionHost must be true or false, not "no"/,
    ],
    [
      'a list for rewritesMacOperators',
      { rewritesMacOperators: [] },
      /rewritesMacOperators must be true or false, not \[\]/,
    ],
    [
      '403 for unknownDeleteStatus',
      { unknownDeleteStatus: 403 },
      /unknownDeleteStatus must be 404 or 500, not 403/,
    ],
    [
      'a set without a condition',
      { policySets: { deviceAdmin: [{ name: 'R' }] } },
      /policySets\.deviceAdmin\[0\]: condition, must not be null/,
    ],
    [
      'Default not last',
      { policySets: { deviceAdmin: [{ name: 'Default' }, { name: 'R', condition: ROUTER }] } },
      /policySets\.deviceAdmin\[0\]: the Default policy set always has the last rank/,
    ],
    [
      'a duplicate set name',
      {
        policySets: {
          networkAccess: [
            { name: 'R', condition: ROUTER },
            { name: 'R', condition: ROUTER },
          ],
        },
      },
      /policySets\.networkAccess\[1\]: name, "R" is used twice/,
    ],
    [
      'a rank out of order',
      { policySets: { deviceAdmin: [{ name: 'R', rank: 3, condition: ROUTER }] } },
      /policySets\.deviceAdmin\[0\]: rank, 3 given, but policy sets are listed in rank order/,
    ],
    [
      'a library condition of an inner type',
      { libraryConditions: { deviceAdmin: [{ ...ROUTER, name: 'x' }] } },
      /libraryConditions\.deviceAdmin\[0\]: conditionType, a library condition is one of/,
    ],
    [
      'a library condition referring to a later one',
      {
        libraryConditions: {
          deviceAdmin: [
            {
              conditionType: 'LibraryConditionOrBlock',
              name: 'A',
              children: [{ conditionType: 'ConditionReference', id: 'b' }],
            },
            { ...ROUTER, conditionType: 'LibraryConditionAttributes', name: 'B', id: 'b' },
          ],
        },
      },
      /libraryConditions\.deviceAdmin\[0\]: children\[0\]\.id, no library condition has the id "b"/,
    ],
    [
      'a bad time range',
      {
        libraryConditions: {
          networkAccess: [
            {
              conditionType: 'TimeAndDateCondition',
              name: 'T',
              hoursRange: { startTime: '8', endTime: '18:00' },
            },
          ],
        },
      },
      /hoursRange\.startTime, "8" is not a time/,
    ],
  ])('refuses a seed with %s, naming where', async (_label, changes, reason) => {
    const start = startTestSim({ seed: defaultSeed(changes as Partial<SimSeed>) });
    await expect(start).rejects.toThrow(UsageError);
    await expect(start).rejects.toThrow(reason);
  });

  it('places a seed file error at its line and column', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ise-duo-sim-seed-')), 'seed.yaml');
    writeFileSync(
      file,
      [
        'activeDirectories: []',
        'duoConnections: [{ connectionName: duo, type: TACACS }]',
        'policySets:',
        '  deviceAdmin:',
        '    - name: Routers',
        '      condition: { conditionType: ConditionAttributes, dictionaryName: D, attributeName: A, operator: equals, attributeValue: v }',
        '      mfaRules:',
        '        - mfaConnectionName: duo',
        '          mfaResultAction: ACCEPT',
        '          mfaFailAction: REJECT',
        '          rule:',
        '            name: r',
        '            condition:',
        '              conditionType: ConditionOrBlock',
        '              children:',
        '                - { conditionType: ConditionReference }',
        '',
      ].join('\n'),
    );
    const message = `seed ${file}:16:19: policySets.deviceAdmin[0].mfaRules[0]: rule.condition.children[0].id, must not be null`;
    await expect(startTestSim({ seed: file })).rejects.toThrow(message);
    writeFileSync(file, 'activeDirectories: []\npolicySets:\n  tacacs: []\n');
    await expect(startTestSim({ seed: file })).rejects.toThrow(
      `seed ${file}:3:3: policySets: unknown service(s) tacacs`,
    );
  });

  it('refuses a brownfield rule the API would refuse, naming the rule', async () => {
    const bad = { ...ruleBody('r'), mfaConnectionName: 'gone' };
    await expect(startTestSim({ seed: brownfield([bad]) })).rejects.toThrow(
      /seed object: policySets\.deviceAdmin\[0\]\.mfaRules\[0\]: mfaConnectionName, no Duo connection is named "gone"/,
    );
  });
});
