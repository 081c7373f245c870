/**
 * ise-duo's own client (`src/client/policy-methods.ts`) against the simulator's policy routes: the two are
 * written to the same contract by different hands, so this holds each to the other's reading of it.
 */
import { createIseClient } from '../../../src/client/ise-client';
import { Secret } from '../../../src/model/secret';
import { AUTH, useSeededSim } from './helpers';
import { NETWORK_ADMINS_ID, ROUTER, ruleBody } from './policy-helpers';

const seeded = useSeededSim();
const iseClient = () =>
  createIseClient({
    baseUrl: seeded.sim().url,
    username: AUTH.username,
    password: new Secret(AUTH.password),
  });

test('lists policy sets and finds library conditions (null for an unknown name)', async () => {
  const client = iseClient();
  expect((await client.listPolicySets('deviceAdmin')).map((s) => s.name)).toEqual([
    'Routers',
    'Switches',
    'Default',
  ]);
  expect((await client.listPolicySets('networkAccess')).map((s) => s.name)).toEqual(['VPN Users', 'Default']);
  expect((await client.getLibraryCondition('deviceAdmin', 'Network-Admins'))?.id).toBe(NETWORK_ADMINS_ID);
  expect(await client.getLibraryCondition('deviceAdmin', 'No Such Condition')).toBeNull();
  expect((await client.listLibraryConditions('networkAccess')).map((c) => c.name)).toContain(
    'Business-Hours',
  );
});

test('creates, lists, updates and deletes an MFA rule', async () => {
  const client = iseClient();
  const set = (await client.listPolicySets('deviceAdmin'))[0].id ?? '';
  const created = await client.createMfaRule('deviceAdmin', set, ruleBody('Routers MFA'));
  const id = created.rule?.id ?? '';
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await client.updateMfaRule('deviceAdmin', set, id, ruleBody('Routers MFA', { rank: 0, state: 'disabled' }));
  const listed = await client.listMfaRules('deviceAdmin', set);
  expect(listed).toEqual([
    expect.objectContaining({
      rule: expect.objectContaining({
        id,
        name: 'Routers MFA',
        rank: 0,
        state: 'disabled',
        condition: expect.objectContaining({ ...ROUTER }),
      }),
      mfaConnectionName: 'corp-duo',
    }),
  ]);
  await client.deleteMfaRule('deviceAdmin', set, id);
  expect(await client.listMfaRules('deviceAdmin', set)).toEqual([]);
});

test("surfaces the simulator's refusals as errors", async () => {
  const client = iseClient();
  const set = (await client.listPolicySets('deviceAdmin'))[0].id ?? '';
  await client.createMfaRule('deviceAdmin', set, ruleBody('a'));
  await expect(client.createMfaRule('deviceAdmin', set, ruleBody('A'))).rejects.toThrow(/already exists/);
  await expect(client.deleteMfaRule('deviceAdmin', set, 'nope')).rejects.toThrow();
});
