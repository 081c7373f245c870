/**
 * A fleet's saved plans: `plan <folder> --out <dir>` saves one plan per target, `apply <folder> --plan <dir>`
 * applies each target's own plan, each stale-checked, and everything that can be wrong with the folder is
 * said before the first request.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/sim';
import { closedPort } from '../helpers/closed-port';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const targetYaml = (url: string) =>
  siteYaml({}).replace('ise:\n', `ise:\n  url: ${url}\n  connectTimeoutSeconds: 1\n`);

describe('fleet saved plans', () => {
  let a: RunningSimulator;
  let b: RunningSimulator;
  const env = { ...DUO_ENV };

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestSimulator(), startTestSimulator()]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });
  beforeEach(() => {
    a.reset();
    b.reset();
  });

  function fleetFolder(): string {
    const sites = tempDir();
    writeFile(sites, 'a-site.yaml', targetYaml(a.url));
    writeFile(sites, 'b-site.yml', targetYaml(b.url));
    return sites;
  }

  test('plan --out saves one plan per target; apply --plan applies exactly those; the next plan is empty', async () => {
    const sites = fleetFolder();
    const plans = tempDir();
    const planned = await runCli(['plan', sites, '--out', plans, '--format', 'json'], env);
    expect(planned.code).toBe(0);
    expect(readdirSync(plans).sort()).toEqual(['a-site.plan.json', 'b-site.plan.json']);
    const savedA = JSON.parse(readFileSync(join(plans, 'a-site.plan.json'), 'utf8'));
    expect(savedA.desiredFile).toBe(join(sites, 'a-site.yaml'));
    expect(savedA.changes).toHaveLength(3);
    // Nothing written by the plan.
    expect(a.snapshot().connections).toHaveLength(0);

    const applied = await runCli(['apply', sites, '--plan', plans, '--yes', '--format', 'json'], env);
    expect(applied.code).toBe(0);
    const report = JSON.parse(applied.stdout);
    expect(report.targets.map((t: { result: string }) => t.result)).toEqual(['applied', 'applied']);
    expect(a.snapshot().connections).toHaveLength(1);
    expect(b.snapshot().connections).toHaveLength(1);
    const again = await runCli(['plan', sites, '--detailed-exitcode', '--out', plans], env);
    expect(again.code).toBe(0);
    // Text output ends with the one command that applies exactly the saved plans; no target's report
    // suggests applying its plan alone.
    expect(again.stdout).not.toContain('Plan saved to');
    expect(again.stderr).toBe(
      `2 plan(s) saved in ${plans}. Apply exactly these plans with: ise-duo apply ${sites} --plan ${plans} --yes\n`,
    );
  });

  test('a target whose ISE changed since its plan is refused; the fleet says which', async () => {
    const sites = fleetFolder();
    const plans = tempDir();
    expect((await runCli(['plan', sites, '--out', plans], env)).code).toBe(0);
    // Someone else sets up b's ISE between review and apply: b's saved plan no longer holds.
    expect((await runCli(['apply', join(sites, 'b-site.yml'), '--yes'], env)).code).toBe(0);
    b.clearLog();
    const r = await runCli(['apply', sites, '--plan', plans, '--yes', '--format', 'json'], env);
    const report = JSON.parse(r.stdout);
    expect(report.targets.map((t: { result: string }) => t.result)).toEqual(['applied', 'error']);
    expect(report.targets[1].exitCode).toBe(3);
    expect(report.targets[1].error).toMatch(/saved plan/i);
    // a was applied, b refused: ISE changed, then something failed.
    expect(r.code).toBe(5);
    expect(b.requestLog().filter((q) => q.method !== 'GET')).toEqual([]);
  });

  test('apply --plan with a target that has no saved plan writes nothing anywhere and names it', async () => {
    const sites = fleetFolder();
    const plans = tempDir();
    expect(
      (await runCli(['plan', join(sites, 'a-site.yaml'), '--out', join(plans, 'a-site.plan.json')], env))
        .code,
    ).toBe(0);
    a.clearLog();
    const r = await runCli(['apply', sites, '--plan', plans, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `no write was sent: 1 of 2 target(s) have no saved plan in ${plans} (${join(sites, 'b-site.yml')})`,
    );
    expect(r.stderr).toContain(
      `hint: make them with: ise-duo plan <the same files or folder> --out ${plans}`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect([...a.requestLog(), ...b.requestLog()]).toEqual([]);
  });

  test('--out that is not a folder, and two targets with one plan name, are refused before any request', async () => {
    const sites = fleetFolder();
    const notThere = join(tempDir(), 'plans');
    const r = await runCli(['plan', sites, '--out', notThere], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `--out ${notThere}: a fleet run has one plan per target, so --out names a folder`,
    );
    expect(r.stderr).toContain(`hint: create it first: mkdir -p ${notThere}`);

    const other = tempDir();
    writeFile(other, 'a-site.yaml', targetYaml(b.url));
    const twins = await runCli(
      ['plan', join(sites, 'a-site.yaml'), join(other, 'a-site.yaml'), '--out', tempDir()],
      env,
    );
    expect(twins.code).toBe(1);
    expect(twins.stderr).toMatch(
      /a-site\.yaml and .*a-site\.yaml would both save their plan as .*a-site\.plan\.json/,
    );
    expect([...a.requestLog(), ...b.requestLog()]).toEqual([]);
  });

  test("a target whose plan fails leaves no plan file, not even an earlier run's", async () => {
    const sites = fleetFolder();
    writeFile(sites, 'c-down.yaml', targetYaml(`http://127.0.0.1:${await closedPort()}`));
    const plans = tempDir();
    const stale = join(plans, 'c-down.plan.json');
    writeFileSync(stale, '{"left": "by an earlier run"}\n');
    const r = await runCli(['plan', sites, '--out', plans], env);
    expect(r.code).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(plans).sort()).toEqual(['a-site.plan.json', 'b-site.plan.json']);
    // And an apply of the folder from those plans refuses: c has none.
    const applied = await runCli(['apply', sites, '--plan', plans, '--yes'], env);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('1 of 3 target(s) have no saved plan');
  });

  test('shards save into one folder, and each shard applies its own targets from it', async () => {
    const sites = fleetFolder();
    const plans = tempDir();
    for (const k of ['1/2', '2/2']) {
      expect((await runCli(['plan', sites, '--shard', k, '--out', plans], env)).code).toBe(0);
    }
    expect(readdirSync(plans).sort()).toEqual(['a-site.plan.json', 'b-site.plan.json']);
    for (const k of ['1/2', '2/2']) {
      const r = await runCli(['apply', sites, '--shard', k, '--plan', plans, '--yes'], env);
      expect(r.code).toBe(0);
    }
    expect(a.snapshot().connections).toHaveLength(1);
    expect(b.snapshot().connections).toHaveLength(1);
  });
});
