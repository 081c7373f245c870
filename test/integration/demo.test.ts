/**
 * `npm start` (dist/demo.js, built by the test run's build) as a real process: the three steps, MFA in
 * effect at the end (the Device Admin rule of examples/minimal.yaml listed from the simulator's data), an
 * empty last plan, exit 0, and none of the demo's key values printed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../helpers/harness';

test('the demo ends with MFA in effect and an empty plan', () => {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/demo.js')], {
    cwd: REPO,
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60000,
  });
  expect(r.stderr).not.toMatch(/demo failed/);
  expect(r.status).toBe(0);
  const steps = [...r.stdout.matchAll(/^━━ (\d)\/3 {2}ise-duo (\w+)/gm)].map((m) => `${m[1]} ${m[2]}`);
  expect(steps).toEqual(['1 plan', '2 apply', '3 plan']);
  const [, afterApply, lastPlan] = r.stdout.split(/^━━ .*$/m).slice(1);
  expect(afterApply).toMatch(/Converged: a fresh plan shows no changes\./);
  expect(afterApply).toContain(
    'MFA is in effect. ISE asks for a second factor where these rules match:\n' +
      '  Device Admin policy set "Default": rule "Router admins use Duo" asks Duo connection "corp-duo" ' +
      '(enabled; if Duo fails: REJECT)\n',
  );
  expect(lastPlan).toContain('No changes. ISE matches the desired state.');
  for (const value of ['demo-password', 'demo-admin-secret-key', 'demo-auth-secret-key'])
    expect(r.stdout + r.stderr).not.toContain(value);
});
