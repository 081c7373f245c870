/**
 * MFA-rule ranks over HTTP: 0-based and dense, POST/PUT with rank k insert/move to k and shift the others,
 * a rank past the end is refused, a POST without rank appends and a PUT without rank moves to the end; and
 * the optional Default rule (seed switch `defaultMfaRule`), pinned last, in both settings.
 */
import type { AxiosInstance } from 'axios';
import { useSeededSim } from './helpers';
import { createRules, DA, defaultSeed, policySetId, ROUTER, ruleBody, table } from './policy-helpers';

describe('ranks (no Default rule: the default seed)', () => {
  const seeded = useSeededSim();
  let http: AxiosInstance;
  let mfa: string;
  beforeEach(async () => {
    http = seeded.http();
    mfa = `${DA}/policy-set/${await policySetId(http, DA, 'Routers')}/mfa`;
  });

  it('starts empty: no Default rule unless the seed asks for one', async () => {
    expect(await table(http, mfa)).toEqual([]);
  });

  it('appends without a rank, inserts at a rank and shifts the rest down', async () => {
    await createRules(http, mfa, ['a', 'b', 'c']);
    expect(await table(http, mfa)).toEqual(['0:a', '1:b', '2:c']);
    const res = await http.post(mfa, ruleBody('d', { rank: 1 }));
    expect([res.status, res.data.response.rule.rank]).toEqual([200, 1]);
    expect(await table(http, mfa)).toEqual(['0:a', '1:d', '2:b', '3:c']);
    expect((await http.post(mfa, ruleBody('e', { rank: 4 }))).status).toBe(200);
    expect(await table(http, mfa)).toEqual(['0:a', '1:d', '2:b', '3:c', '4:e']);
  });

  it('refuses a rank past the end (no gaps) and a negative one, changing nothing', async () => {
    await createRules(http, mfa, ['a', 'b']);
    const gap = await http.post(mfa, ruleBody('z', { rank: 3 }));
    expect([gap.status, gap.data.message]).toEqual([
      400,
      expect.stringMatching(/rule\.rank, 3 is past the end.*0 to 2/),
    ]);
    expect((await http.post(mfa, ruleBody('z', { rank: -1 }))).status).toBe(400);
    expect((await http.post(mfa, ruleBody('z', { rank: 1.5 }))).status).toBe(400);
    expect(await table(http, mfa)).toEqual(['0:a', '1:b']);
  });

  it('moves with PUT rank k, to the end with PUT without rank, and refuses a PUT past the end', async () => {
    const [a, , c] = await createRules(http, mfa, ['a', 'b', 'c', 'd']);
    expect((await http.put(`${mfa}/${c}`, ruleBody('c', { rank: 0 }))).data.response.rule.rank).toBe(0);
    expect(await table(http, mfa)).toEqual(['0:c', '1:a', '2:b', '3:d']);
    expect((await http.put(`${mfa}/${a}`, ruleBody('a'))).data.response.rule.rank).toBe(3);
    expect(await table(http, mfa)).toEqual(['0:c', '1:b', '2:d', '3:a']);
    expect((await http.put(`${mfa}/${a}`, ruleBody('a', { rank: 3 }))).status).toBe(200);
    const gap = await http.put(`${mfa}/${a}`, ruleBody('a', { rank: 4 }));
    expect([gap.status, gap.data.message]).toEqual([400, expect.stringMatching(/past the end.*0 to 3/)]);
    expect(await table(http, mfa)).toEqual(['0:c', '1:b', '2:d', '3:a']);
  });

  it('closes the gap on DELETE, which answers {id}', async () => {
    const [, b] = await createRules(http, mfa, ['a', 'b', 'c']);
    const res = await http.delete(`${mfa}/${b}`);
    expect([res.status, res.data]).toEqual([200, { id: b }]);
    expect(await table(http, mfa)).toEqual(['0:a', '1:c']);
    expect((await http.delete(`${mfa}/${b}`)).status).toBe(404);
    expect((await http.get(`${mfa}/${b}`)).status).toBe(404);
  });

  it('keeps one rank space per policy set', async () => {
    const switches = `${DA}/policy-set/${await policySetId(http, DA, 'Switches')}/mfa`;
    await createRules(http, mfa, ['a', 'b']);
    await createRules(http, switches, ['a']);
    expect(await table(http, switches)).toEqual(['0:a']);
  });
});

describe('the Default rule (defaultMfaRule: true)', () => {
  const seeded = useSeededSim({ seed: defaultSeed({ defaultMfaRule: true }) });
  let http: AxiosInstance;
  let mfa: string;
  let defaultId: string;
  beforeEach(async () => {
    http = seeded.http();
    mfa = `${DA}/policy-set/${await policySetId(http, DA, 'Routers')}/mfa`;
    defaultId = (await http.get(mfa)).data.response[0].rule.id;
  });

  it('is there from the start, last, with default: true and no condition', async () => {
    const list = (await http.get(mfa)).data.response;
    expect(list).toEqual([
      {
        rule: { id: defaultId, name: 'Default', rank: 0, state: 'enabled', default: true, hitCounts: 0 },
        link: expect.objectContaining({ rel: 'self', href: expect.stringContaining(`/mfa/${defaultId}`) }),
      },
    ]);
  });

  it('stays last: appends and inserts go before it, ranks past it are refused', async () => {
    await createRules(http, mfa, ['a']);
    expect(await table(http, mfa)).toEqual(['0:a', '1:Default']);
    expect((await http.post(mfa, ruleBody('b', { rank: 1 }))).status).toBe(200);
    expect(await table(http, mfa)).toEqual(['0:a', '1:b', '2:Default']);
    expect((await http.post(mfa, ruleBody('c', { rank: 3 }))).status).toBe(400);
    const [c] = await createRules(http, mfa, ['c']);
    expect(await table(http, mfa)).toEqual(['0:a', '1:b', '2:c', '3:Default']);
    expect((await http.put(`${mfa}/${c}`, ruleBody('c', { rank: 3 }))).status).toBe(400);
    expect((await http.put(`${mfa}/${c}`, ruleBody('c', { rank: 0 }))).status).toBe(200);
    expect(await table(http, mfa)).toEqual(['0:c', '1:a', '2:b', '3:Default']);
  });

  it('cannot be deleted, moved, renamed, conditioned or imitated', async () => {
    await createRules(http, mfa, ['a']);
    const del = await http.delete(`${mfa}/${defaultId}`);
    expect([del.status, del.data.message]).toEqual([
      400,
      expect.stringMatching(/Attempted to delete default/),
    ]);
    const body = { rule: { name: 'Default', default: true } };
    expect((await http.put(`${mfa}/${defaultId}`, { rule: { ...body.rule, rank: 0 } })).data.message).toMatch(
      /cannot be moved/,
    );
    expect((await http.put(`${mfa}/${defaultId}`, { rule: { name: 'Other' } })).data.message).toMatch(
      /renamed/,
    );
    const conditioned = await http.put(`${mfa}/${defaultId}`, { rule: { ...body.rule, condition: ROUTER } });
    expect(conditioned.data.message).toMatch(/the Default rule has no condition/);
    expect((await http.put(`${mfa}/${defaultId}`, { rule: { ...body.rule, default: false } })).status).toBe(
      400,
    );
    const fake = await http.post(mfa, ruleBody('Fake', { default: true }));
    expect([fake.status, fake.data.message]).toEqual([400, expect.stringMatching(/Default rule setting/)]);
    expect((await http.post(mfa, ruleBody('default'))).data.message).toMatch(/already exists/);
    expect(await table(http, mfa)).toEqual(['0:a', '1:Default']);
  });

  it('takes a Duo connection, actions and state through PUT, keeping its place', async () => {
    await createRules(http, mfa, ['a']);
    const res = await http.put(`${mfa}/${defaultId}`, {
      rule: { name: 'Default', default: true, rank: 1, state: 'disabled' },
      mfaConnectionName: 'corp-duo',
      mfaResultAction: 'ACCEPT',
      mfaFailAction: 'REJECT',
    });
    expect(res.status).toBe(200);
    expect(res.data.response).toMatchObject({
      rule: { name: 'Default', rank: 1, default: true, state: 'disabled' },
      mfaConnectionName: 'corp-duo',
    });
    expect(
      (await http.put(`${mfa}/${defaultId}`, { rule: { name: 'Default' }, mfaConnectionName: 'nope' }))
        .status,
    ).toBe(400);
  });
});
