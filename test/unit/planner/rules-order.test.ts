/**
 * The order of one MFA table: the file's order among the managed rules, unmanaged rules left where they are,
 * a Default rule never moved, and the fewest PUTs the dense-rank rule allows (one per rule outside a longest
 * increasing subsequence). Each row applies the planned writes to a model of ISE's dense ranks and checks
 * the resulting table, so a wrong rank in any write shows.
 */
import type { Change, Plan } from '../../../src/model/plan';
import { buildPlan } from '../../../src/planner/build-plan';
import { longestIncreasing } from '../../../src/resources/mfa-rule-order';
import { aRule, defaultRule, desiredWith, liveWith, routers, wireRule } from '../../helpers/rule-builders';

const OPTS = { target: 'https://ise.example.com', desiredFile: 'site.yaml' };

/** ISE's table as names, after running the plan's rule writes with dense-rank semantics. */
function applied(table: string[], plan: Plan): string[] {
  const out = [...table];
  const movable = () => out.filter((n) => n !== 'Default').length;
  for (const c of plan.changes as Change[]) {
    if (c.kind !== 'mfa-rule') continue;
    const name = c.name.split('/').slice(2).join('/');
    if (c.action === 'delete') {
      out.splice(out.indexOf(name), 1);
      continue;
    }
    if (c.action === 'create') {
      expect(c.rank).toBeLessThanOrEqual(movable());
      out.splice(c.rank, 0, name);
      continue;
    }
    out.splice(out.indexOf(name), 1);
    expect(c.rank).toBeLessThanOrEqual(movable());
    out.splice(c.rank, 0, name);
    expect(c.body.rule?.rank).toBe(c.rank);
  }
  return out;
}

function run(table: string[], file: string[]) {
  const desired = desiredWith([routers(file.map((n) => aRule(n)))]);
  const live = liveWith(desired, [
    { rules: table.map((n, i) => (n === 'Default' ? defaultRule(i) : wireRule(n, i))) },
  ]);
  const plan = buildPlan(desired, live, OPTS);
  const writes = plan.changes.filter((c) => c.kind === 'mfa-rule');
  return { plan, writes, after: applied(table, plan) };
}

describe.each([
  ['without a Default rule', [] as string[]],
  ['with a Default rule', ['Default']],
])('rule order %s', (_name, tail) => {
  test.each([
    // [row, ISE's table, the file, ISE after apply, number of writes]
    ['in order already: no write', ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c'], 0],
    ['reverse three rules: two PUTs', ['a', 'b', 'c'], ['c', 'b', 'a'], ['c', 'b', 'a'], 2],
    ['rotate: one PUT', ['a', 'b', 'c'], ['b', 'c', 'a'], ['b', 'c', 'a'], 1],
    [
      'move the last to the top: one PUT',
      ['a', 'b', 'c', 'd'],
      ['d', 'a', 'b', 'c'],
      ['d', 'a', 'b', 'c'],
      1,
    ],
    ['swap two in the middle: one PUT', ['a', 'b', 'c', 'd'], ['a', 'c', 'b', 'd'], ['a', 'c', 'b', 'd'], 1],
    ['add one at the end', ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], 1],
    ['add one at the top', ['a', 'b'], ['c', 'a', 'b'], ['c', 'a', 'b'], 1],
    ['add one in the middle', ['a', 'b'], ['a', 'c', 'b'], ['a', 'c', 'b'], 1],
    ['all new: at the top', [], ['a', 'b'], ['a', 'b'], 2],
    ['all new above unmanaged ones', ['u1', 'u2'], ['a', 'b'], ['a', 'b', 'u1', 'u2'], 2],
    ['unmanaged rules keep their place', ['u1', 'a', 'u2', 'b'], ['b', 'a'], ['u1', 'u2', 'b', 'a'], 1],
    [
      'a new rule goes below the one before it in the file',
      ['a', 'u1', 'b'],
      ['a', 'n', 'b'],
      ['a', 'n', 'u1', 'b'],
      1,
    ],
    [
      'a moved rule goes below the one before it',
      ['b', 'u1', 'a', 'c'],
      ['a', 'b', 'c'],
      ['u1', 'a', 'b', 'c'],
      1,
    ],
    [
      'one rule out of place among unmanaged ones',
      ['u1', 'c', 'a', 'b'],
      ['a', 'b', 'c'],
      ['u1', 'a', 'b', 'c'],
      1,
    ],
    [
      'a rule before the first that stays goes directly above it',
      ['u1', 'a', 'b', 'c'],
      ['c', 'a', 'b'],
      ['u1', 'c', 'a', 'b'],
      1,
    ],
  ])('%s', (_row, table, file, after, count) => {
    const r = run([...table, ...tail], file);
    expect(r.after).toEqual([...after, ...tail]);
    expect(r.writes).toHaveLength(count);
    // The next plan, against the table as it now is, is empty.
    expect(run(r.after, file).writes).toEqual([]);
  });
});

test('moving one rule is one change, a move, that says where from and to', () => {
  const { writes } = run(['a', 'b', 'c'], ['c', 'a', 'b']);
  expect(writes).toHaveLength(1);
  expect(writes[0]).toMatchObject({
    action: 'move',
    name: 'deviceAdmin/Routers/c',
    ruleId: 'r-c',
    rank: 0,
    fromRank: 2,
    fields: [{ field: 'rank', before: 2, after: 0 }],
  });
});

test('an update in place re-sends the current rank (after earlier writes shifted it)', () => {
  const desired = desiredWith([
    routers([aRule('n'), aRule('a', { onSuccess: 'ACCEPT', state: 'disabled' })]),
  ]);
  const live = liveWith(desired, [{ rules: [wireRule('a', 0)] }]);
  const writes = buildPlan(desired, live, OPTS).changes.filter((c) => c.kind === 'mfa-rule');
  expect(writes.map((c) => [c.action, c.name.split('/')[2], 'rank' in c ? c.rank : null])).toEqual([
    ['create', 'n', 0],
    ['update', 'a', 1],
  ]);
});

test('the Default rule is never created, moved or deleted, even with prune', () => {
  const desired = desiredWith([routers([aRule('a')])], { prune: true });
  const live = liveWith(desired, [{ rules: [defaultRule(0), wireRule('a', 1)] }]);
  const plan = buildPlan(desired, live, OPTS);
  expect(plan.changes.filter((c) => c.kind === 'mfa-rule')).toEqual([]);
  expect(plan.unmanaged).toEqual([]);
});

test('longestIncreasing', () => {
  expect(longestIncreasing([])).toEqual([]);
  expect(longestIncreasing([2, 0, 1])).toEqual([1, 2]);
  expect(longestIncreasing([0, 1, 2])).toEqual([0, 1, 2]);
  expect(longestIncreasing([3, 2, 1]).length).toBe(1);
  expect(longestIncreasing([1, 3, 0, 2, 4]).length).toBe(3);
});
