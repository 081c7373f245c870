/**
 * plan --out / apply --plan: a saved plan applies exactly, and refuses once ISE or the file moved on.
 * Run as real processes, with their exit codes.
 */
import { readFileSync } from 'node:fs';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

describe('saved plans and exit codes, as real processes', () => {
  let sim: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let file: string;

  beforeAll(async () => {
    sim = await startTestSimulator();
    dir = tempDir();
    env = { ...DUO_ENV, ISE_URL: sim.url };
    file = writeFile(dir, 'site.yaml', siteYaml({}));
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  // The key pre-flight (POST testconnection) changes no configuration: it is not a write.
  const writes = () =>
    sim.requestLog().filter((r) => r.method !== 'GET' && !r.path.includes('/testconnection/'));

  test('plan --detailed-exitcode: 2 with changes, 0 without; drift: 2 then 0', async () => {
    expect((await runCli(['plan', file, '--detailed-exitcode'], env, dir)).code).toBe(2);
    expect((await runCli(['drift', file], env, dir)).code).toBe(2);
    expect((await runCli(['plan', file], env, dir)).code).toBe(0);
    const applied = await runCli(['apply', file, '--yes'], env, dir);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Converged/);
    expect((await runCli(['plan', file, '--detailed-exitcode'], env, dir)).code).toBe(0);
    const drift = await runCli(['drift', file, '--format', 'json'], env, dir);
    expect(drift.code).toBe(0);
    expect(JSON.parse(drift.stdout)).toMatchObject({ inSync: true, differences: [] });
  });

  test('apply without a terminal and without --yes is refused before any write', async () => {
    const r = await runCli(['apply', file], env, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--yes/);
    expect(writes()).toEqual([]);
  });

  test('a saved plan applies exactly, with no desired file named', async () => {
    const made = await runCli(['plan', file, '--out', 'plan.json'], env, dir);
    expect(made.code).toBe(0);
    const saved = JSON.parse(readFileSync(`${dir}/plan.json`, 'utf8'));
    expect(saved.changes).toHaveLength(3);
    const r = await runCli(['apply', '--plan', 'plan.json', '--yes'], env, dir);
    expect(r.code).toBe(0);
    expect(writes().map((w) => w.method)).toEqual(['PUT', 'POST', 'POST']);
  });

  test('a saved plan made stale by an edit on ISE is refused, naming the object', async () => {
    await runCli(['apply', file, '--yes'], env, dir);
    writeFile(dir, 'site2.yaml', siteYaml({ groups: ['corp.example.com/Users/VPN Users'] }));
    expect((await runCli(['plan', 'site2.yaml', '--out', 'plan2.json'], env, dir)).code).toBe(0);
    // Someone edits the connection in the ISE GUI between review and apply.
    const res = await fetch(`${sim.url}/api/v1/duo-mfa/mfa/corp-duo`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${DUO_ENV.ISE_PASSWORD}`).toString('base64')}` },
    });
    const current = (
      (await res.json()) as {
        response: {
          mfa: Record<string, unknown> & {
            accountConfigurations: { adminApi: { sKey?: string }; authenticationApi: { sKey?: string } };
          };
        };
      }
    ).response;
    current.mfa.description = 'edited in the GUI';
    current.mfa.accountConfigurations.adminApi.sKey = DUO_ENV.DUO_ADMIN_SKEY;
    current.mfa.accountConfigurations.authenticationApi.sKey = DUO_ENV.DUO_AUTH_SKEY;
    const put = await fetch(`${sim.url}/api/v1/duo-mfa/mfa/corp-duo`, {
      method: 'PUT',
      body: JSON.stringify(current),
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`admin:${DUO_ENV.ISE_PASSWORD}`).toString('base64')}`,
      },
    });
    expect(put.status).toBe(200);
    sim.clearLog();
    const r = await runCli(['apply', '--plan', 'plan2.json', '--yes'], env, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/stale.*duo-connection\/corp-duo \(changed on ISE\)/);
    expect(writes()).toEqual([]);
  });

  test('a version 1 plan (untyped change bodies) is refused with exit 3, before anything is written', async () => {
    expect((await runCli(['plan', file, '--out', 'plan-v2.json'], env, dir)).code).toBe(0);
    const saved = JSON.parse(readFileSync(`${dir}/plan-v2.json`, 'utf8'));
    expect(saved.formatVersion).toBe(2);
    writeFile(dir, 'plan-v1.json', JSON.stringify({ ...saved, formatVersion: 1 }));
    sim.clearLog();
    const r = await runCli(['apply', '--plan', 'plan-v1.json', '--yes'], env, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/is a version 1 plan; this ise-duo applies only version 2 plans/);
    expect(r.stderr).toMatch(/make it again with plan --out/);
    expect(sim.requestLog()).toEqual([]);
  });

  test('a saved plan is refused when the desired file changed since', async () => {
    const f = writeFile(dir, 'site3.yaml', siteYaml({}));
    expect((await runCli(['plan', f, '--out', 'plan3.json'], env, dir)).code).toBe(0);
    writeFile(dir, 'site3.yaml', siteYaml({ groups: ['corp.example.com/Users/Domain Admins'] }));
    const r = await runCli(['apply', '--plan', 'plan3.json', '--yes'], env, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/desired file/);
    expect(writes()).toEqual([]);
  });
});
