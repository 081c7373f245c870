/**
 * Conditions in plan and drift text read like ISE's policy editor, not like JSON, and only condition-shaped
 * values are rendered so.
 */
import type { Plan } from '../../../src/model/plan';
import { buildPlan } from '../../../src/planner/build-plan';
import { formatCondition } from '../../../src/render/condition';
import { formatValue } from '../../../src/render/format-value';
import { renderPlanText } from '../../../src/render/plan-text';
import {
  aRule,
  desiredWith,
  liveWith,
  ROUTER_CONDITION,
  routers,
  wireRule,
} from '../../helpers/rule-builders';

test.each([
  [ROUTER_CONDITION, 'DEVICE:Device Type equals "All Device Types#Router"'],
  [{ ...ROUTER_CONDITION, dictionaryValue: 'X' }, 'DEVICE:Device Type [X] equals "All Device Types#Router"'],
  [{ library: 'Corp-VPN', id: 'c-1' }, 'library "Corp-VPN"'],
  [
    { not: { and: [{ library: 'A' }, { or: [{ library: 'B' }, { library: 'C' }] }] } },
    'NOT (library "A" AND (library "B" OR library "C"))',
  ],
])('%j', (condition, text) => {
  expect(formatCondition(condition)).toBe(text);
  expect(formatValue(condition)).toBe(text);
});

test('other objects are not taken for conditions', () => {
  expect(formatValue({ source: 'CORP_AD', name: 'g' })).toBe('CORP_AD:g');
  expect(formatValue({ library: 'x', extra: 1 })).toBe('{ library: "x", extra: 1 }');
  expect(formatValue({ every: 1, unit: 'days', start: 's' })).toBe('{ every: 1, unit: "days", start: "s" }');
});

test('a plan shows a rule create and a condition change in that form', () => {
  const desired = desiredWith([
    routers([
      aRule('new', { condition: { and: [{ library: 'Network-Admins' }, ROUTER_CONDITION] } }),
      aRule('a', { condition: { not: ROUTER_CONDITION } }),
    ]),
  ]);
  const live = liveWith(desired, [{ rules: [wireRule('a', 0)] }]);
  const text = renderPlanText(buildPlan(desired, live, { target: 't', desiredFile: 'f' }) as Plan);
  expect(text).toContain(
    '+ condition: (library "Network-Admins" AND DEVICE:Device Type equals "All Device Types#Router")',
  );
  expect(text).toContain(
    '~ condition: DEVICE:Device Type equals "All Device Types#Router" -> NOT DEVICE:Device Type equals "All Device Types#Router"',
  );
});
