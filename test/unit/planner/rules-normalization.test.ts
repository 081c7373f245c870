/**
 * An unchanged file gives an empty plan whatever form ISE returns a rule in: each row is one way ISE may
 * render the same rule differently from how ise-duo wrote it (the normalization of issue #11).
 */
import type { WireCondition, WireRuleMfa } from '../../../src/client/wire-policy';
import type { Plan } from '../../../src/model/plan';
import type { LiveState, MfaRule, RuleCondition } from '../../../src/model/state';
import { buildPlan } from '../../../src/planner/build-plan';
import { conditionFromWire, conditionToWire } from '../../../src/resources/rule-condition';
import {
  aRule,
  desiredWith,
  LIB,
  liveWith,
  PLAN_OPTIONS as OPTS,
  ROUTER_CONDITION,
  routers,
  steps,
  wireRule,
} from '../../helpers/rule-builders';

const IP: RuleCondition = {
  dictionary: 'Network Access',
  attribute: 'Device IP Address',
  operator: 'equals',
  value: '10.0.10.1',
  dictionaryValue: '',
};
const attr = (over: Partial<WireCondition> = {}): WireCondition => ({
  conditionType: 'ConditionAttributes',
  isNegate: false,
  dictionaryName: 'Network Access',
  attributeName: 'Device IP Address',
  operator: 'ipEquals',
  attributeValue: '10.0.10.1',
  ...over,
});

/** [row, the file's condition, ISE's condition as GET returns it] */
const ROWS: Array<[string, RuleCondition, WireCondition]> = [
  ['ipEquals written back for equals on an IP attribute', IP, attr()],
  ['ipNotEquals for notEquals', { ...IP, operator: 'notEquals' }, attr({ operator: 'ipNotEquals' })],
  ['ipGreaterThan for greaterThan', { ...IP, operator: 'greaterThan' }, attr({ operator: 'ipGreaterThan' })],
  ['ipLessThan for lessThan', { ...IP, operator: 'lessThan' }, attr({ operator: 'ipLessThan' })],
  ['dictionaryValue null', IP, attr({ dictionaryValue: null })],
  ['dictionaryValue ""', IP, attr({ dictionaryValue: '' })],
  ['dictionaryValue absent', IP, attr({ dictionaryValue: undefined })],
  ['isNegate missing', IP, attr({ isNegate: undefined })],
  ['isNegate null', IP, attr({ isNegate: null })],
  ['link and id on the node', IP, attr({ link: { href: 'https://ise/x', rel: 'self' }, id: 'n-1' })],
  ['link null on the node', IP, attr({ link: null })],
  [
    'a reference with name and description filled in by ISE',
    { library: 'Network-Admins' },
    {
      conditionType: 'ConditionReference',
      isNegate: false,
      id: LIB['Network-Admins'],
      name: 'Network-Admins',
      description: 'Admins',
      link: null,
    },
  ],
  [
    'a reference whose name ISE spells differently (same id)',
    { library: 'Network-Admins' },
    { conditionType: 'ConditionReference', id: LIB['Network-Admins'], name: 'network-admins (renamed)' },
  ],
  [
    'a stored library condition returned in place of the reference',
    { library: 'Network-Admins' },
    {
      conditionType: 'LibraryConditionAttributes',
      id: LIB['Network-Admins'],
      name: 'Network-Admins',
      dictionaryName: 'X',
    },
  ],
  ['isNegate true is a not node', { not: IP }, attr({ isNegate: true })],
  [
    'an and block with children in order, each with ISE extras',
    { and: [{ library: 'Network-Admins' }, { not: IP }] },
    {
      conditionType: 'ConditionAndBlock',
      isNegate: false,
      link: null,
      children: [
        {
          conditionType: 'ConditionReference',
          id: LIB['Network-Admins'],
          name: 'Network-Admins',
          description: null,
        },
        attr({ isNegate: true, dictionaryValue: null, link: null }),
      ],
    },
  ],
  [
    'a negated or block',
    { not: { or: [IP, { ...IP, value: '10.0.10.2' }] } },
    {
      conditionType: 'ConditionOrBlock',
      isNegate: true,
      children: [attr(), attr({ attributeValue: '10.0.10.2' })],
    },
  ],
  [
    'a stored library block returned in place of the reference (LibraryConditionOrBlock)',
    { library: 'Network-Admins' },
    {
      conditionType: 'LibraryConditionOrBlock',
      id: LIB['Network-Admins'],
      name: 'Network-Admins',
      children: [attr()],
    },
  ],
  [
    'a time-and-date library condition, by reference',
    { library: 'Network-Admins' },
    { conditionType: 'TimeAndDateCondition', id: LIB['Network-Admins'], name: 'Network-Admins' },
  ],
];

function planFor(want: MfaRule, wire: WireRuleMfa): Plan {
  const desired = desiredWith([routers([want])]);
  const live: LiveState = liveWith(desired, [{ rules: [wire] }]);
  return buildPlan(desired, live, OPTS);
}

describe('an unchanged rule gives an empty plan, whatever form ISE returns', () => {
  test.each(ROWS)('condition: %s', (_row, condition, wire) => {
    expect(
      steps(planFor(aRule('r1', { condition }), wireRule('r1', 0, { rule: { condition: wire } }))),
    ).toEqual([]);
  });

  test.each([
    ['lower-case actions', { mfa: { mfaResultAction: 'accept', mfaFailAction: 'reject' } }],
    ['actions with spaces', { mfa: { mfaResultAction: ' ACCEPT ', mfaFailAction: 'REJECT ' } }],
    ['a name with trailing spaces', { rule: { name: 'r1 ' } }],
    ['state in capitals', { rule: { state: 'ENABLED' } }],
    ['state missing (enabled)', { rule: { state: undefined } }],
    ['no link on the rule', { mfa: { link: undefined } }],
    ['hitCounts moved on', { rule: { hitCounts: 123456 } }],
    ['a connection name with spaces around', { mfa: { mfaConnectionName: ' corp-duo ' } }],
  ] as const)('rule: %s', (_row, over) => {
    expect(steps(planFor(aRule('r1'), wireRule('r1', 0, over as Parameters<typeof wireRule>[2])))).toEqual(
      [],
    );
  });
});

describe('the condition wire form', () => {
  test('round-trips through toWire and fromWire for every node type (a reference by id alone)', () => {
    const tree: RuleCondition = {
      and: [
        ROUTER_CONDITION,
        { not: { or: [IP, { library: 'Network-Admins', id: LIB['Network-Admins'] }] } },
      ],
    };
    // ISE fills a reference's name in; without it, the reference reads back by id alone.
    expect(conditionFromWire(conditionToWire(tree))).toEqual({
      and: [ROUTER_CONDITION, { not: { or: [IP, { library: '', id: LIB['Network-Admins'] }] } }],
    });
  });

  test('sends no read-only member: no link, no hitCounts, a reference by id alone, isNegate explicit', () => {
    const wire = conditionToWire({
      not: { and: [{ library: 'Network-Admins', id: LIB['Network-Admins'] }, IP] },
    });
    expect(wire).toEqual({
      conditionType: 'ConditionAndBlock',
      isNegate: true,
      children: [
        { conditionType: 'ConditionReference', isNegate: false, id: LIB['Network-Admins'] },
        {
          conditionType: 'ConditionAttributes',
          isNegate: false,
          dictionaryName: 'Network Access',
          attributeName: 'Device IP Address',
          operator: 'equals',
          attributeValue: '10.0.10.1',
        },
      ],
    });
  });

  test('a rule without a condition (the Default rule) reads as null', () => {
    expect(conditionFromWire(null)).toBeNull();
    expect(conditionFromWire(undefined)).toBeNull();
  });
});
