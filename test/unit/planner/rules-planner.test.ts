/**
 * The MFA-rule planner's rules besides order: ownership (unmanaged rules listed, pruned critically), critical
 * changes, the field diff's condition paths, library references resolved to ids in the bodies, dependency
 * order against the other kinds, and the refusals (a doomed connection still named, a missing policy set, a
 * name that is ISE's Default rule's), and a rule renamed on ISE in another case.
 */
import type { Plan } from '../../../src/model/plan';
import { buildPlan } from '../../../src/planner/build-plan';
import { aConnection, aDesired, aLive } from '../../helpers/builders';
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

const ruleChange = (p: Plan) => p.changes.find((c) => c.kind === 'mfa-rule')!;

describe('ownership', () => {
  test('rules the file does not name are listed as unmanaged and left alone', () => {
    const desired = desiredWith([routers([aRule('a')])]);
    const live = liveWith(desired, [{ rules: [wireRule('legacy', 0), wireRule('a', 1)] }]);
    const p = buildPlan(desired, live, OPTS);
    expect(steps(p)).toEqual([]);
    expect(p.unmanaged).toEqual([{ kind: 'mfa-rule', name: 'deviceAdmin/Routers/legacy' }]);
  });

  test('prune: true deletes them, critically, after every write', () => {
    const desired = desiredWith([routers([aRule('a'), aRule('b')])], { prune: true });
    const live = liveWith(desired, [{ rules: [wireRule('legacy', 0), wireRule('a', 1)] }]);
    const p = buildPlan(desired, live, OPTS);
    expect(steps(p)).toEqual([
      'mfa-rule.create:deviceAdmin/Routers/b',
      'mfa-rule.delete:deviceAdmin/Routers/legacy',
    ]);
    expect(p.changes[1]).toMatchObject({
      critical: expect.stringMatching(/deleting an MFA rule/),
      ruleId: 'r-legacy',
    });
  });
});

describe('critical changes', () => {
  test.each([
    ['state away from enabled', { state: 'disabled' as const }, /not enabled/],
    ['state to monitor', { state: 'monitor' as const }, /not enabled/],
    ['onFailure', { onFailure: 'ACCEPT' }, /onFailure/],
    // Audit B of 2026-12-02: REJECT on success locks out everyone the rule matches.
    ['onSuccess', { onSuccess: 'REJECT' }, /onSuccess/],
    ['connection', { connection: 'other-duo' }, /another Duo account/],
  ])('%s', (_row, over, reason) => {
    const desired = desiredWith([routers([aRule('a', over)])], {
      duoConnections: [aConnection('corp-duo'), aConnection('other-duo')],
    });
    const live = liveWith(desired, [{ rules: [wireRule('a', 0)] }]);
    expect(ruleChange(buildPlan(desired, live, OPTS)).critical).toMatch(reason);
  });

  test('not critical: the condition, state back to enabled', () => {
    const desired = desiredWith([routers([aRule('a', { condition: { ...ROUTER_CONDITION, value: 'x' } })])]);
    const live = liveWith(desired, [{ rules: [wireRule('a', 0, { rule: { state: 'disabled' } })] }]);
    const c = ruleChange(buildPlan(desired, live, OPTS));
    expect(c.action).toBe('update');
    expect(c.critical).toBeUndefined();
  });
});

describe('the field diff', () => {
  test('a changed condition names the path that changed', () => {
    const condition = {
      and: [{ library: 'Network-Admins' }, { not: { ...ROUTER_CONDITION, value: 'new' } }],
    };
    const desired = desiredWith([routers([aRule('a', { condition })])]);
    const live = liveWith(desired, [
      {
        rules: [
          wireRule('a', 0, {
            rule: {
              condition: {
                conditionType: 'ConditionAndBlock',
                children: [
                  { conditionType: 'ConditionReference', id: LIB['Network-Admins'], name: 'Network-Admins' },
                  {
                    conditionType: 'ConditionAttributes',
                    isNegate: true,
                    dictionaryName: 'DEVICE',
                    attributeName: 'Device Type',
                    operator: 'equals',
                    attributeValue: 'All Device Types#Router',
                  },
                ],
              },
            },
          }),
        ],
      },
    ]);
    expect(ruleChange(buildPlan(desired, live, OPTS)).fields).toEqual([
      { field: 'condition.and[1].not.value', before: 'All Device Types#Router', after: 'new' },
    ]);
  });

  test('a child added to a block is reported at its index', () => {
    const desired = desiredWith([
      routers([aRule('a', { condition: { or: [ROUTER_CONDITION, ROUTER_CONDITION] } })]),
    ]);
    const wire = {
      conditionType: 'ConditionAttributes',
      dictionaryName: 'DEVICE',
      attributeName: 'Device Type',
      operator: 'equals',
      attributeValue: 'All Device Types#Router',
    };
    const live = liveWith(desired, [
      {
        rules: [
          wireRule('a', 0, { rule: { condition: { conditionType: 'ConditionOrBlock', children: [wire] } } }),
        ],
      },
    ]);
    expect(ruleChange(buildPlan(desired, live, OPTS)).fields).toEqual([
      { field: 'condition.or[1]', after: ROUTER_CONDITION },
    ]);
  });
});

/**
 * Open question 9: ISE may store an and/or's children in another order, or nested blocks of the same kind
 * flattened. Either way the condition means the same, and a plan that wrote it again would never converge.
 */
describe('an and/or as ISE may store it', () => {
  const attr = (value: string) => ({
    conditionType: 'ConditionAttributes',
    dictionaryName: 'DEVICE',
    attributeName: 'Device Type',
    operator: 'equals',
    attributeValue: value,
  });
  const ref = { conditionType: 'ConditionReference', id: LIB['Network-Admins'], name: 'Network-Admins' };
  const test1 = (value: string) => ({ ...ROUTER_CONDITION, value });
  const planOf = (condition: object, wire: object) => {
    const desired = desiredWith([routers([aRule('a', { condition: condition as never })])]);
    const live = liveWith(desired, [{ rules: [wireRule('a', 0, { rule: { condition: wire } })] }]);
    return buildPlan(desired, live, OPTS);
  };

  test('children in another order: no change', () => {
    const p = planOf(
      { and: [{ library: 'Network-Admins' }, test1('x'), test1('y')] },
      { conditionType: 'ConditionAndBlock', children: [attr('y'), ref, attr('x')] },
    );
    expect(steps(p)).toEqual([]);
  });

  test('a nested block of the same kind, flattened on ISE: no change; of another kind, or negated: a change', () => {
    const nested = { and: [{ and: [{ library: 'Network-Admins' }, test1('x')] }, test1('y')] };
    const flat = { conditionType: 'ConditionAndBlock', children: [ref, attr('x'), attr('y')] };
    expect(steps(planOf(nested, flat))).toEqual([]);
    const orInside = { and: [{ or: [{ library: 'Network-Admins' }, test1('x')] }, test1('y')] };
    expect(steps(planOf(orInside, flat))).toEqual(['mfa-rule.update:deviceAdmin/Routers/a']);
    const negated = { and: [{ not: { and: [{ library: 'Network-Admins' }, test1('x')] } }, test1('y')] };
    expect(steps(planOf(negated, flat))).toEqual(['mfa-rule.update:deviceAdmin/Routers/a']);
  });

  test('the same members in an or and an and differ; a member twice is not a member once', () => {
    const or = { conditionType: 'ConditionOrBlock', children: [attr('x'), attr('y')] };
    expect(steps(planOf({ and: [test1('x'), test1('y')] }, or))).toEqual([
      'mfa-rule.update:deviceAdmin/Routers/a',
    ]);
    const once = { conditionType: 'ConditionOrBlock', children: [attr('x'), attr('y')] };
    expect(steps(planOf({ or: [test1('x'), test1('x'), test1('y')] }, once))).toEqual([
      'mfa-rule.update:deviceAdmin/Routers/a',
    ]);
  });

  test("a real change among reordered children is reported at the file's index, and only that", () => {
    const p = planOf(
      { and: [{ library: 'Network-Admins' }, test1('x'), test1('new')] },
      { conditionType: 'ConditionAndBlock', children: [attr('y'), attr('x'), ref] },
    );
    expect(ruleChange(p).fields).toEqual([{ field: 'condition.and[2].value', before: 'y', after: 'new' }]);
    // The body is the file's condition, in the file's order.
    const body = (
      ruleChange(p) as unknown as { body: { rule: { condition: { children: { conditionType: string }[] } } } }
    ).body.rule.condition.children;
    expect(body.map((c) => c.conditionType)).toEqual([
      'ConditionReference',
      'ConditionAttributes',
      'ConditionAttributes',
    ]);
  });
});

describe('the field diff of a node replaced by another kind', () => {
  test('an attribute test that becomes a not is one change at its path', () => {
    const desired = desiredWith([routers([aRule('a', { condition: { not: ROUTER_CONDITION } })])]);
    const live = liveWith(desired, [{ rules: [wireRule('a', 0)] }]);
    expect(ruleChange(buildPlan(desired, live, OPTS)).fields).toEqual([
      { field: 'condition', before: ROUTER_CONDITION, after: { not: ROUTER_CONDITION } },
    ]);
  });

  test('another library condition: its name at the reference path, and the id it no longer has', () => {
    const desired = desiredWith([
      routers([aRule('a', { condition: { and: [{ library: 'Other' }, ROUTER_CONDITION] } })]),
    ]);
    const wire = {
      conditionType: 'ConditionAndBlock',
      children: [
        { conditionType: 'ConditionReference', id: LIB['Network-Admins'], name: 'Network-Admins' },
        {
          conditionType: 'ConditionAttributes',
          dictionaryName: 'DEVICE',
          attributeName: 'Device Type',
          operator: 'equals',
          attributeValue: 'All Device Types#Router',
        },
      ],
    };
    const live = liveWith(desired, [{ rules: [wireRule('a', 0, { rule: { condition: wire } })] }]);
    expect(ruleChange(buildPlan(desired, live, OPTS)).fields).toEqual([
      { field: 'condition.and[0].library', before: 'Network-Admins', after: 'Other' },
      { field: 'condition.and[0].id', before: LIB['Network-Admins'] },
    ]);
  });
});

describe('bodies', () => {
  test('a library condition is sent by the id ISE resolved for its name; no read-only member is sent', () => {
    const desired = desiredWith([routers([aRule('a', { condition: { library: 'Network-Admins' } })])]);
    const c = ruleChange(buildPlan(desired, liveWith(desired, [{ rules: [] }]), OPTS));
    expect(c.action).toBe('create');
    expect('body' in c && c.body).toEqual({
      rule: {
        name: 'a',
        rank: 0,
        state: 'enabled',
        condition: { conditionType: 'ConditionReference', isNegate: false, id: LIB['Network-Admins'] },
      },
      mfaConnectionName: 'corp-duo',
      mfaResultAction: 'ACCEPT',
      mfaFailAction: 'REJECT',
    });
    expect(JSON.stringify(c)).not.toMatch(/hitCounts|"link"|"default"/);
  });
});

describe('dependency order', () => {
  test('from an ISE with MFA off: MFA on, sync, connection, then the rules in file order at ranks 0, 1', () => {
    const desired = desiredWith([routers([aRule('a'), aRule('b')])]);
    const live = aLive({ mfa: false });
    live.policySetIds = { 'deviceAdmin/Routers': 'ps-1' };
    const p = buildPlan(desired, live, OPTS);
    expect(steps(p)).toEqual([
      'mfa.enable:mfa',
      'identity-sync.create:corp-ad',
      'duo-connection.create:corp-duo',
      'mfa-rule.create:deviceAdmin/Routers/a',
      'mfa-rule.create:deviceAdmin/Routers/b',
    ]);
    expect(p.changes.slice(3).map((c) => ('rank' in c ? c.rank : -1))).toEqual([0, 1]);
  });

  test('deletes run in reverse: rules, then connections, then syncs', () => {
    const desired = aDesired({
      identitySyncs: [],
      duoConnections: [],
      mfaPolicies: [routers([])],
      prune: true,
    });
    const full = desiredWith([routers([aRule('a')])]);
    const live = liveWith(full, [{ rules: [wireRule('a', 0)] }]);
    expect(steps(buildPlan(desired, live, OPTS))).toEqual([
      'mfa-rule.delete:deviceAdmin/Routers/a',
      'duo-connection.delete:corp-duo',
      'identity-sync.delete:corp-ad',
    ]);
  });
});

describe('refusals', () => {
  test('deleting a connection that a rule of another policy set still names is refused, naming the rule', () => {
    const desired = aDesired({ duoConnections: [], mfaPolicies: [], prune: true });
    const full = desiredWith([]);
    const live = liveWith(
      full,
      [],
      [{ service: 'networkAccess', policySet: 'VPN Users', rules: [wireRule('vpn', 0)] }],
    );
    expect(() => buildPlan(desired, live, OPTS)).toThrow(
      /deletes Duo connection\(s\) "corp-duo", which these MFA rules would still name: networkAccess\/VPN Users "vpn"/,
    );
  });

  test('a Default rule that still names the connection: the hint says it is repointed in ISE', () => {
    const desired = aDesired({ duoConnections: [], mfaPolicies: [], prune: true });
    const live = liveWith(
      desiredWith([]),
      [],
      [
        {
          service: 'networkAccess',
          policySet: 'VPN Users',
          rules: [wireRule('Default', 0, { rule: { default: true } })],
        },
      ],
    );
    let hint: string | undefined;
    try {
      buildPlan(desired, live, OPTS);
    } catch (err) {
      hint = (err as { hint?: string }).hint;
    }
    expect(hint).toMatch(/a Default rule is repointed in ISE's GUI only, since ise-duo never changes one$/);
  });

  // Helper report of 2026-12-04: examples/mfa-off.yaml after rules exist; the hint said to repoint the
  // rules in the same file, which a file turning MFA off cannot hold.
  test('a file turning MFA off: the hint gives the two steps', () => {
    const desired = aDesired({
      mfa: { enabled: false },
      identitySyncs: [],
      duoConnections: [],
      mfaPolicies: [],
      prune: true,
    });
    const live = liveWith(
      desiredWith([]),
      [],
      [{ service: 'networkAccess', policySet: 'VPN Users', rules: [wireRule('vpn', 0)] }],
    );
    let hint: string | undefined;
    try {
      buildPlan(desired, live, OPTS);
    } catch (err) {
      hint = (err as { hint?: string }).hint;
    }
    expect(hint).toMatch(
      /^turn MFA off in two steps: first apply a file with MFA on that removes those rules/,
    );
  });

  test('but not when the same plan removes or repoints the rules that name it', () => {
    const removes = desiredWith([routers([])], { duoConnections: [aConnection('new-duo')], prune: true });
    const live = liveWith(desiredWith([]), [{ rules: [wireRule('a', 0)] }]);
    expect(steps(buildPlan(removes, live, OPTS))).toContain('mfa-rule.delete:deviceAdmin/Routers/a');
    const repoints = desiredWith([routers([aRule('a', { connection: 'new-duo' })])], {
      duoConnections: [aConnection('new-duo')],
      prune: true,
    });
    expect(steps(buildPlan(repoints, live, OPTS))).toEqual([
      'duo-connection.create:new-duo',
      'mfa-rule.update:deviceAdmin/Routers/a',
      'duo-connection.delete:corp-duo',
    ]);
  });

  // Audit of 2026-12-02: removing TACACS from a connection that device-admin rules on ISE use was a plain update.
  test('taking from a connection the type that rules on ISE still use it for is refused, naming them', () => {
    const narrowed = desiredWith([], { duoConnections: [aConnection('corp-duo', { types: ['VPN'] })] });
    const live = liveWith(
      desiredWith([]),
      [],
      [{ service: 'deviceAdmin', policySet: 'Switches', rules: [wireRule('sw', 0)] }],
    );
    expect(() => buildPlan(narrowed, live, OPTS)).toThrow(
      /removes a type from Duo connection\(s\) "corp-duo" that these MFA rules on ISE would still use it for: deviceAdmin\/Switches "sw" \(corp-duo, needs TACACS\)/,
    );
    // A managed table's unmanaged rule counts the same; a rule the file repoints, or a service that keeps its type, does not.
    const kept = liveWith(desiredWith([]), [{ rules: [wireRule('legacy', 0)] }]);
    expect(() =>
      buildPlan(desiredWith([routers([])], { duoConnections: narrowed.duoConnections }), kept, OPTS),
    ).toThrow(/deviceAdmin\/Routers "legacy"/);
    const pruned = desiredWith([routers([])], { duoConnections: narrowed.duoConnections, prune: true });
    expect(steps(buildPlan(pruned, kept, OPTS))).toContain('mfa-rule.delete:deviceAdmin/Routers/legacy');
    const vpnOnly = liveWith(
      desiredWith([]),
      [],
      [{ service: 'networkAccess', policySet: 'VPN Users', rules: [wireRule('vpn', 0)] }],
    );
    expect(steps(buildPlan(narrowed, vpnOnly, OPTS))).toEqual(['duo-connection.update:corp-duo']);
  });

  test('a policy set that ISE does not have', () => {
    const desired = desiredWith([{ service: 'deviceAdmin', policySet: 'Nope', rules: [aRule('a')] }]);
    expect(() => buildPlan(desired, liveWith(desired, []), OPTS)).toThrow(
      /policy set "Nope" \(deviceAdmin\) does not exist on ISE/,
    );
  });

  // Audit of 2026-12-02: a rename on ISE (the GUI) that changes only the case stopped drift with exit 1.
  test("a name ISE holds in another case is the same rule, renamed: one PUT by id gives it the file's name", () => {
    const desired = desiredWith([routers([aRule('VPN users')])]);
    const live = liveWith(desired, [{ rules: [wireRule('VPN Users', 0)] }]);
    const p = buildPlan(desired, live, OPTS);
    expect(steps(p)).toEqual(['mfa-rule.update:deviceAdmin/Routers/VPN users']);
    const change = ruleChange(p);
    expect(change.fields).toEqual([{ field: 'name', before: 'VPN Users', after: 'VPN users' }]);
    expect(change.critical).toBeUndefined();
    expect(p.unmanaged).toEqual([]);
    expect('ruleId' in change && change.ruleId).toBe(live.mfaPolicies[0]!.rules[0]!.id);
  });

  test('a name that ISE holds as its Default rule', () => {
    const named = desiredWith([routers([aRule('Default')])]);
    const live = liveWith(named, [{ rules: [wireRule('Default', 0, { rule: { default: true } })] }]);
    expect(() => buildPlan(named, live, OPTS)).toThrow(/the name of ISE's Default rule/);
  });
});
