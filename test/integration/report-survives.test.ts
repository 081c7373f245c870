/**
 * Whatever fails after the first write, the report of what was written is printed in the requested format
 * before the error, and the exit code says "applied, not verified" (5), distinct from "nothing applied" (1).
 * Real processes against the simulator.
 */
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startTestSimulator();
  dir = tempDir('ise-duo-survive-');
  env = { ...DUO_ENV, ISE_URL: sim.url };
  writeFile(dir, 'site.yaml', siteYaml({}));
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const STATUS = '/api/v1/duo-mfa/status';

test('a 500 on the convergence re-plan after every write succeeded: the JSON report, then the error, exit 5', async () => {
  // The plan reads the status once; the second read is the convergence check's.
  sim.addFault({ method: 'GET', path: STATUS, nth: 2, kind: '500' });
  const r = await runCli(['apply', 'site.yaml', '--yes', '--format', 'json', '--no-run-sync'], env, dir);
  expect(r.code).toBe(5);
  const report = JSON.parse(r.stdout);
  expect(report.result.status).toBe('applied');
  expect(report.result.applied).toHaveLength(3);
  expect(report.notVerified).toMatch(/GET \/api\/v1\/duo-mfa\/status failed: 500/);
  expect(r.stderr).toMatch(
    /error: ISE was changed \(3 change\(s\) applied\), but the convergence check failed/,
  );
  expect(sim.requestLog().filter((q) => q.fault === '500')).toHaveLength(1);
});

test('the same in text: the report of what was written comes before the error', async () => {
  sim.addFault({ method: 'GET', path: STATUS, nth: 2, kind: '500' });
  const r = await runCli(['apply', 'site.yaml', '--yes', '--no-run-sync'], env, dir);
  expect(r.code).toBe(5);
  expect(r.stdout).toContain('Apply complete: 3 change(s) applied.');
  expect(r.stdout).not.toContain('Converged');
});

test('a write failing after an earlier one succeeded: the report, exit 5; the first write failing: exit 1', async () => {
  sim.addFault({ method: 'POST', path: '/api/v1/duo-mfa/mfa', kind: '500' });
  const later = await runCli(['apply', 'site.yaml', '--yes', '--format', 'json'], env, dir);
  expect(later.code).toBe(5);
  expect(JSON.parse(later.stdout).result).toMatchObject({ status: 'failed', applied: [{}, {}] });
  sim.reset();
  sim.addFault({ method: 'PUT', path: '/api/v1/duo-mfa/enable', kind: '500' });
  const first = await runCli(['apply', 'site.yaml', '--yes', '--format', 'json'], env, dir);
  expect(first.code).toBe(1);
  expect(JSON.parse(first.stdout).result).toMatchObject({ status: 'failed', applied: [] });
});
