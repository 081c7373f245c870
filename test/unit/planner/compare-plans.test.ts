/**
 * The saved-versus-fresh comparison behind `apply --plan`: equal plans pass, and any difference in what would
 * be sent or run (a body, a name, a critical flag, an extra or missing change, a sync run) is named by path.
 */
import type { Change, Plan } from '../../../src/model/plan';
import { buildPlan } from '../../../src/planner/build-plan';
import { describeDifference, firstDifference, savedPlanDifference } from '../../../src/planner/compare-plans';
import { aDesired, aLive } from '../../helpers/builders';

const fresh = (): Plan =>
  buildPlan(aDesired(), aLive({ mfa: false }), {
    target: 'https://ise.example.com',
    desiredFile: 'site.yaml',
  });

type Edit = (p: Plan) => void;
const account = (p: Plan) =>
  (
    (p.changes[2] as Extract<Change, { body: unknown }>).body as {
      mfa: { accountConfigurations: Record<string, unknown> };
    }
  ).mfa.accountConfigurations;

const CASES: Array<[string, Edit, RegExp]> = [
  [
    'a body value',
    (p) => {
      account(p).apiHostName = 'api-other.duosecurity.com';
    },
    /^change 3 of 3 \(create duo-connection "corp-duo"\): body\.mfa\.accountConfigurations\.apiHostName is "api-other/,
  ],
  [
    'swapped key placeholders',
    (p) => {
      const a = account(p);
      [a.adminApi, a.authenticationApi] = [a.authenticationApi, a.adminApi];
    },
    /body\.mfa\.accountConfigurations\.adminApi\.ikey\.\$secret is "duo-connection\/corp-duo\/authApi\.ikey"/,
  ],
  [
    'a critical flag added',
    (p) => {
      p.changes[0]!.critical = 'made up';
    },
    /^change 1 of 3 \(enable mfa "mfa"\): critical is "made up" in the saved plan, absent in a fresh plan$/,
  ],
  [
    'a change renamed',
    (p) => {
      p.changes[1]!.name = 'other';
    },
    /change 2 of 3 \(create identity-sync "other"\): name is "other"/,
  ],
  [
    'a change dropped',
    (p) => {
      p.changes.pop();
    },
    /^change 3 of a fresh plan \(create duo-connection "corp-duo"\), which the saved plan does not have/,
  ],
  [
    'a change added',
    (p) => {
      p.changes.push({ kind: 'duo-connection', action: 'delete', name: 'x', fields: [] });
    },
    /^change 4 of 4 \(delete duo-connection "x"\), which a fresh plan does not have/,
  ],
  [
    'a sync run added',
    (p) => {
      p.actions.push({ type: 'run-sync', name: 'lab', reason: 'created' });
    },
    /^the pending actions .*: actions\[1\] is/,
  ],
  [
    'a field diff shown differently',
    (p) => {
      p.changes[2]!.fields[0]!.after = 'something else';
    },
    /fields\[0\]\.after is "something else"/,
  ],
];

test('equal plans have no difference', () => {
  expect(savedPlanDifference(fresh(), fresh())).toBeUndefined();
});

test.each(CASES)('%s is named', (_name, edit, says) => {
  const saved = fresh();
  edit(saved);
  const d = savedPlanDifference(saved, fresh());
  expect(d).toBeDefined();
  expect(describeDifference(d!)).toMatch(says);
});

test('notes and the unmanaged list only inform: they are not compared', () => {
  const saved = fresh();
  saved.notes = ['edited'];
  saved.unmanaged = [{ kind: 'duo-connection', name: 'x' }];
  expect(savedPlanDifference(saved, fresh())).toBeUndefined();
});

test('firstDifference: object key order does not matter, array order does', () => {
  expect(firstDifference({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeUndefined();
  expect(firstDifference([1, 2], [2, 1])).toEqual({ path: '[0]', saved: 1, fresh: 2 });
});
