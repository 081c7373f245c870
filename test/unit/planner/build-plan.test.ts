import type { Plan } from '../../../src/model/plan';
import type { DesiredState, LiveState } from '../../../src/model/state';
import { buildPlan } from '../../../src/planner/build-plan';
import {
  aConnection,
  aDesired,
  aLive,
  aSync,
  KEYS,
  liveMatching,
  wireConnection,
  wireSync,
} from '../../helpers/builders';

const OPTS = { target: 'https://ise.example.com', desiredFile: 'site.yaml' };
const plan = (d: DesiredState, l: LiveState) => buildPlan(d, l, OPTS);
const steps = (p: Plan) => p.changes.map((c) => `${c.kind}.${c.action}:${c.name}`);

describe('from an empty ISE', () => {
  test('enables MFA, then creates the sync, then the connection', () => {
    expect(steps(plan(aDesired(), aLive({ mfa: false })))).toEqual([
      'mfa.enable:mfa',
      'identity-sync.create:corp-ad',
      'duo-connection.create:corp-duo',
    ]);
  });

  // Audit of 2026-12-02: with MFA off a misspelt join point or group passed plan, and apply failed after
  // switching MFA on. ISE lists none then, so the plan says what it could not check.
  test('with MFA off the notes say that objects could not be read, nor AD names checked', () => {
    expect(plan(aDesired(), aLive({ mfa: false })).notes).toEqual([
      'MFA is off on ISE, so its identity syncs and Duo connections could not be read; none are assumed.',
      expect.stringMatching(
        /^The AD join points and groups the file names could not be checked .*exit 5, MFA left on/,
      ),
    ]);
    expect(
      plan(aDesired({ identitySyncs: [], duoConnections: [] }), aLive({ mfa: false })).notes,
    ).toHaveLength(1);
  });

  // The pipeline checks the names through ERS while MFA is off, and tells the planner what came of it.
  test('with MFA off the AD note says whether ERS checked the names, or what ERS answered', () => {
    const off = aLive({ mfa: false });
    const checked = buildPlan(aDesired(), off, { ...OPTS, adNamesWhileMfaOff: { checkedThroughErs: true } });
    expect(checked.notes[1]).toBe(
      "The AD join points and groups the file names were checked through ISE's ERS API, and ISE has them.",
    );
    const refused = buildPlan(aDesired(), off, { ...OPTS, adNamesWhileMfaOff: { ersStatus: 401 } });
    expect(refused.notes[1]).toMatch(
      /could not be checked \(.*, and ISE's ERS API answered 401\).*turn on ERS/,
    );
  });

  test('create bodies have keys only as placeholders, and no server-owned fields', () => {
    const p = plan(aDesired(), aLive({ mfa: false }));
    const json = JSON.stringify(p);
    for (const secret of Object.values(KEYS)) expect(json).not.toContain(secret);
    expect(json).toContain('{"$secret":"duo-connection/corp-duo/adminApi.skey"}');
    expect(json).not.toMatch(/lastSync|syncStatus/);
  });
});

describe('an unchanged config gives an empty plan', () => {
  test.each(['masked', 'clear', 'omitted'] as const)('under secrets mode %s', (mode) => {
    const desired = aDesired();
    expect(steps(plan(desired, liveMatching(desired, mode)))).toEqual([]);
  });

  // Each row: how ISE may render an unchanged object differently from how ise-duo wrote it.
  test.each([
    ['type in another order', { connection: { type: 'VPN,TACACS' } }],
    ['type with spaces', { connection: { type: ' VPN , TACACS ' } }],
    [
      'description missing vs empty',
      { desired: { description: '' }, connection: { description: undefined } },
    ],
    [
      'description null vs empty',
      { desired: { description: '' }, connection: { description: null as unknown as string } },
    ],
    ['apiHostName case', { connection: {} }],
  ])('connection: %s', (_name, row: { desired?: object; connection?: object }) => {
    const desired = aDesired({ duoConnections: [aConnection('corp-duo', row.desired ?? {})] });
    const c = desired.duoConnections[0];
    const wire = { ...wireConnection(c), ...row.connection };
    if (
      'description' in (row.connection ?? {}) &&
      (row.connection as { description?: string }).description === undefined
    ) {
      // Keep the marker out of the way: ISE returned no description at all, and the keys are unknown.
      wire.description = undefined;
    }
    const live = aLive({ syncs: desired.identitySyncs.map((s) => wireSync(s)), connections: [wire] });
    expect(steps(plan(desired, live))).toEqual([]);
  });

  test.each([
    ['groups in another order, with sids', {}],
    ['no schedule vs schedulerSync none', { syncSchedule: { schedulerSync: 'none' as const } }],
    ['no schedule vs null schedule', { syncSchedule: null }],
    ['no schedule vs missing schedule', { syncSchedule: undefined }],
    [
      'server-owned lastSync and syncStatus change',
      { lastSync: '2030-01-01T00:00:00', syncStatus: 'Pending' as const },
    ],
    [
      'duplicate groups from ISE',
      { adGroups: [...wireSync(aSync()).adGroups!, ...wireSync(aSync()).adGroups!] },
    ],
  ])('identity sync: %s', (_name, over) => {
    const desired = aDesired();
    const live = aLive({
      syncs: [wireSync(desired.identitySyncs[0], over)],
      connections: desired.duoConnections.map((c) => wireConnection(c)),
    });
    expect(steps(plan(desired, live))).toEqual([]);
  });

  test('domain names compare case-insensitively', () => {
    const desired = aDesired();
    const wire = wireSync(desired.identitySyncs[0]);
    wire.configurations!.activeDirectories![0].domain = 'Corp.Example.COM';
    const live = aLive({ syncs: [wire], connections: desired.duoConnections.map((c) => wireConnection(c)) });
    expect(steps(plan(desired, live))).toEqual([]);
  });

  test('the same inputs always give the same plan and checksum', () => {
    const desired = aDesired();
    const live = aLive({ mfa: false });
    expect(plan(desired, live)).toEqual(plan(desired, live));
  });
});

describe('updates', () => {
  test('changed groups update the sync, field by field, and schedule a sync run', () => {
    const desired = aDesired();
    const live = liveMatching(desired);
    desired.identitySyncs[0] = aSync('corp-ad', {
      adGroups: [{ source: 'CORP_AD', name: 'corp.example.com/Users/VPN Users' }],
    });
    const p = plan(desired, live);
    expect(steps(p)).toEqual(['identity-sync.update:corp-ad']);
    expect(p.changes[0].fields).toEqual([
      {
        field: 'adGroups',
        before: [
          { source: 'CORP_AD', name: 'corp.example.com/Users/Network Admins' },
          { source: 'CORP_AD', name: 'corp.example.com/Users/VPN Users' },
        ],
        after: [{ source: 'CORP_AD', name: 'corp.example.com/Users/VPN Users' }],
      },
    ]);
    expect(p.actions).toEqual([{ type: 'run-sync', name: 'corp-ad', reason: 'groups changed' }]);
  });

  test('a schedule change is reported per sub-field', () => {
    const desired = aDesired();
    desired.identitySyncs[0].schedule = { every: 1, unit: 'days', start: '2026-12-01T02:00:00' };
    const live = liveMatching(desired);
    desired.identitySyncs[0] = {
      ...desired.identitySyncs[0],
      schedule: { every: 2, unit: 'days', start: '2026-12-01T02:00:00' },
    };
    expect(plan(desired, live).changes[0].fields).toEqual([{ field: 'schedule.every', before: 1, after: 2 }]);
  });

  // A marker holds both sKeys in one fingerprint, so only keys ISE returns in clear say which one differs.
  test.each([
    ['masked', 'adminApi.skey, authApi.skey'],
    ['omitted', 'adminApi.skey, authApi.skey'],
    ['clear', 'authApi.skey'],
  ] as const)('a rotated sKey updates the connection, value hidden (%s: %s)', (mode, field) => {
    const live = liveMatching(aDesired(), mode);
    const rotated = { ...KEYS, authSkey: 'auth-skey-rotated-000000000000000000002' };
    const p = plan(aDesired({}, rotated), live);
    expect(steps(p)).toEqual(['duo-connection.update:corp-duo']);
    expect(p.changes[0].fields).toEqual([{ field, sensitive: true }]);
    expect(JSON.stringify(p)).not.toContain(rotated.authSkey);
  });

  test('with ISE returning keys in clear, each rotated sKey is named', () => {
    const live = liveMatching(aDesired(), 'clear');
    const admin = { ...KEYS, adminSkey: 'admin-skey-rotated-00000000000000000002' };
    expect(plan(aDesired({}, admin), live).changes[0].fields).toEqual([
      { field: 'adminApi.skey', sensitive: true },
    ]);
    const both = { ...admin, authSkey: 'auth-skey-rotated-000000000000000000002' };
    expect(plan(aDesired({}, both), live).changes[0].fields).toEqual([
      { field: 'adminApi.skey, authApi.skey', sensitive: true },
    ]);
  });

  test('a changed ikey is a sensitive change', () => {
    const live = liveMatching(aDesired());
    const p = plan(aDesired({}, { ...KEYS, adminIkey: 'DIADMINIKEY000000002' }), live);
    expect(p.changes[0].fields.map((f) => f.field)).toContain('adminApi.ikey');
    expect(p.changes[0].fields.every((f) => f.sensitive)).toBe(true);
  });

  test('sKeys that ISE hides and that carry no marker are not a change, but a note', () => {
    const desired = aDesired();
    const wire = wireConnection(desired.duoConnections[0], 'masked');
    wire.description = 'Duo for VPN';
    const live = aLive({ syncs: desired.identitySyncs.map((s) => wireSync(s)), connections: [wire] });
    const p = plan(desired, live);
    expect(steps(p)).toEqual([]);
    expect(p.notes.join()).toMatch(/cannot be compared/);
  });

  test('changing apiHostName is critical', () => {
    const live = liveMatching(aDesired());
    const desired = aDesired({
      duoConnections: [aConnection('corp-duo', { apiHostName: 'api-99999999.duosecurity.com' })],
    });
    const p = plan(desired, live);
    expect(p.changes[0].critical).toMatch(/another Duo account/);
  });
});

describe('ownership and deletes', () => {
  const extraLive = () => {
    const base = aDesired();
    return aLive({
      syncs: [wireSync(base.identitySyncs[0]), wireSync(aSync('old-sync'))],
      connections: [
        wireConnection(base.duoConnections[0]),
        wireConnection(aConnection('old-duo', { identitySync: 'old-sync' })),
      ],
    });
  };

  test('prune off: objects the file does not name are unmanaged and left alone', () => {
    const p = plan(aDesired(), extraLive());
    expect(steps(p)).toEqual([]);
    expect(p.unmanaged).toEqual([
      { kind: 'identity-sync', name: 'old-sync' },
      { kind: 'duo-connection', name: 'old-duo' },
    ]);
  });

  test('prune on: connections are deleted before syncs, and deleting a connection is critical', () => {
    const p = plan(aDesired({ prune: true }), extraLive());
    expect(steps(p)).toEqual(['duo-connection.delete:old-duo', 'identity-sync.delete:old-sync']);
    expect(p.changes[0].critical).toBeDefined();
    expect(p.changes[1].critical).toBeUndefined();
  });

  // Audit of 2026-12-02: whether ISE compares these names regardless of case is undocumented; a create beside
  // a twin in another case either fails at apply or leaves two objects, and the plan said neither.
  describe('a create beside a live object named alike but for case', () => {
    const twins = () =>
      aLive({
        syncs: [wireSync(aSync('CORP-AD'))],
        connections: [wireConnection(aConnection('Corp-Duo', { identitySync: 'CORP-AD' }))],
      });

    test('prune off: both answers are said, and the name as ISE spells it', () => {
      const p = plan(aDesired(), twins());
      expect(steps(p)).toEqual(['identity-sync.create:corp-ad', 'duo-connection.create:corp-duo']);
      expect(p.notes).toEqual([
        'identity-sync "corp-ad" is created beside "CORP-AD", which ISE holds under the same name in another ' +
          'case: an ISE that compares names regardless of case refuses the create (the apply stops there, exit ' +
          '5), and one that does not keeps both. To manage the existing one, write its name as ISE spells it: "CORP-AD".',
        'duo-connection "corp-duo" is created beside "Corp-Duo", which ISE holds under the same name in another ' +
          'case: an ISE that compares names regardless of case refuses the create (the apply stops there, exit ' +
          '5), and one that does not keeps both. To manage the existing one, write its name as ISE spells it: "Corp-Duo".',
      ]);
    });

    test('prune on: the old spelling is deleted after the create, and the note says so', () => {
      const p = plan(aDesired({ prune: true }), twins());
      expect(steps(p)).toEqual([
        'identity-sync.create:corp-ad',
        'duo-connection.create:corp-duo',
        'duo-connection.delete:Corp-Duo',
        'identity-sync.delete:CORP-AD',
      ]);
      expect(p.notes[1]).toMatch(/one that does not creates it, then deletes "Corp-Duo"\./);
    });

    test("ISE's answer to a read of the file's spelling decides the note", () => {
      const answered = (iseMatches: boolean) => ({
        ...twins(),
        caseTwins: [
          { kind: 'identity-sync' as const, name: 'corp-ad', twin: 'CORP-AD', iseMatches },
          { kind: 'duo-connection' as const, name: 'corp-duo', twin: 'Corp-Duo', iseMatches: !iseMatches },
        ],
      });
      expect(plan(aDesired(), answered(false)).notes).toEqual([
        'identity-sync "corp-ad" is created beside "CORP-AD", which ISE holds under the same name in another ' +
          'case: ISE answered a read of "corp-ad" with not found, so it keeps the two apart, and the apply ' +
          'keeps both. To manage the existing one, write its name as ISE spells it: "CORP-AD".',
        'duo-connection "corp-duo" is created beside "Corp-Duo", which ISE holds under the same name in another ' +
          'case: ISE answered a read of "corp-duo" with "Corp-Duo", so it compares names regardless of case and ' +
          'will refuse the create. To manage the existing one, write its name as ISE spells it: "Corp-Duo".',
      ]);
      expect(plan(aDesired({ prune: true }), answered(true)).notes[1]).toMatch(
        /with not found, so it keeps the two apart, and the apply creates it, then deletes "Corp-Duo"\./,
      );
      // No clear answer (a 5xx, a dropped connection): both answers are said, as without the question.
      const open = {
        ...twins(),
        caseTwins: [{ kind: 'identity-sync' as const, name: 'corp-ad', twin: 'CORP-AD' }],
      };
      expect(plan(aDesired(), open).notes[0]).toMatch(
        /: an ISE that compares names regardless of case refuses/,
      );
      // The answer is about one pair: another kind's, or another twin's, does not count.
      const otherKind = {
        ...twins(),
        caseTwins: [{ ...answered(true).caseTwins[0], kind: 'duo-connection' as const }],
      };
      expect(plan(aDesired(), otherKind).notes[0]).toMatch(/an ISE that compares names regardless of case/);
    });

    test('an exact match, or a name alike only in part, says nothing', () => {
      expect(plan(aDesired(), liveMatching(aDesired())).notes).toEqual([]);
      const near = aLive({ syncs: [wireSync(aSync('corp-ad2'))] });
      expect(plan(aDesired(), near).notes).toEqual([]);
    });
  });

  test('disabling MFA is critical and runs after every delete', () => {
    const p = plan(
      aDesired({ mfa: { enabled: false }, identitySyncs: [], duoConnections: [], prune: true }),
      extraLive(),
    );
    expect(steps(p)).toEqual([
      'duo-connection.delete:corp-duo',
      'duo-connection.delete:old-duo',
      'identity-sync.delete:corp-ad',
      'identity-sync.delete:old-sync',
      'mfa.disable:mfa',
    ]);
    expect(p.changes.at(-1)?.critical).toMatch(/turns off Duo/);
  });

  test('a created and an updated object are ordered: enable, syncs, connections', () => {
    const desired = aDesired({
      identitySyncs: [aSync('b-sync'), aSync('a-sync')],
      duoConnections: [
        aConnection('z-duo', { identitySync: 'a-sync' }),
        aConnection('a-duo', { identitySync: 'b-sync' }),
      ],
    });
    expect(steps(plan(desired, aLive({ mfa: false })))).toEqual([
      'mfa.enable:mfa',
      'identity-sync.create:a-sync',
      'identity-sync.create:b-sync',
      'duo-connection.create:a-duo',
      'duo-connection.create:z-duo',
    ]);
  });
});

describe('sync runs are pending actions, never changes', () => {
  test.each([
    ['onChange', 'created', ['corp-ad']],
    ['never', 'created', []],
    ['always', 'unchanged', ['corp-ad']],
    ['onChange', 'unchanged', []],
  ] as const)('runSync %s, sync %s', (policy, state, expected) => {
    const desired = aDesired({ runSync: { 'corp-ad': policy } });
    const live = state === 'created' ? aLive({ mfa: false }) : liveMatching(desired);
    expect(plan(desired, live).actions.map((a) => a.name)).toEqual(expected);
  });
});

describe('join points', () => {
  test('a join point ISE holds by name alone is not a change', () => {
    const desired = aDesired();
    const wire = wireSync(desired.identitySyncs[0]);
    wire.configurations!.activeDirectories = [{ name: 'CORP_AD' }];
    const live = aLive({ syncs: [wire], connections: desired.duoConnections.map((c) => wireConnection(c)) });
    expect(steps(plan(desired, live))).toEqual([]);
  });

  test('a join point with another directoryID is a change', () => {
    const desired = aDesired();
    const wire = wireSync(desired.identitySyncs[0]);
    wire.configurations!.activeDirectories![0].directoryID = 'another-id';
    const live = aLive({ syncs: [wire], connections: desired.duoConnections.map((c) => wireConnection(c)) });
    expect(plan(desired, live).changes[0].fields.map((f) => f.field)).toEqual(['activeDirectories']);
  });
});
