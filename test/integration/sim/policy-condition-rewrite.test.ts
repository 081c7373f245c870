/**
 * The seed switch `rewritesConditionBlocks`, the other answer to open question 9: the simulator stores a
 * rule's and/or blocks with nested blocks of the same kind flattened and every block's children sorted.
 * Off (the default seed), a condition comes back as it was sent.
 */
import type { AxiosInstance } from 'axios';
import { useSeededSim } from './helpers';
import { defaultSeed, NETWORK_ADMINS_ID, ROUTER, routersMfaPath, ruleBody } from './policy-helpers';

const reference = { conditionType: 'ConditionReference', isNegate: false, id: NETWORK_ADMINS_ID };
const lab = { ...ROUTER, isNegate: false, attributeValue: 'All Device Types#Lab', dictionaryValue: null };
const router = { ...ROUTER, isNegate: false, dictionaryValue: null };
/** and(and(reference, lab), not and(router), router): nested, a negated block inside, children unsorted. */
const SENT = {
  conditionType: 'ConditionAndBlock',
  isNegate: false,
  children: [
    { conditionType: 'ConditionAndBlock', isNegate: false, children: [reference, lab] },
    { conditionType: 'ConditionAndBlock', isNegate: true, children: [router] },
    router,
  ],
};

/** The stored condition of a rule POSTed with SENT, as GET returns it, without the members ISE adds. */
async function storedCondition(http: AxiosInstance): Promise<unknown> {
  const mfa = await routersMfaPath(http);
  const created = await http.post(mfa, ruleBody('a', { condition: SENT }));
  expect(created.status).toBe(200);
  const read = await http.get(`${mfa}/${created.data.response.rule.id}`);
  const strip = (c: Record<string, unknown>): unknown => {
    const { link: _link, name: _name, description: _description, ...rest } = c;
    return Array.isArray(rest.children)
      ? { ...rest, children: rest.children.map((k) => strip(k as Record<string, unknown>)) }
      : rest;
  };
  return strip(read.data.response.rule.condition);
}

describe('rewritesConditionBlocks off (the default seed)', () => {
  const seeded = useSeededSim();
  it('keeps the condition as sent', async () => {
    expect(await storedCondition(seeded.http())).toEqual(SENT);
  });
});

describe('rewritesConditionBlocks: true', () => {
  const seeded = useSeededSim({ seed: defaultSeed({ rewritesConditionBlocks: true }) });
  it('flattens nested blocks of the same kind (not a negated one) and sorts every block', async () => {
    expect(await storedCondition(seeded.http())).toEqual({
      conditionType: 'ConditionAndBlock',
      isNegate: false,
      children: [
        { conditionType: 'ConditionAndBlock', isNegate: true, children: [router] },
        lab,
        router,
        reference,
      ],
    });
  });
});
