/**
 * Fleet runs: several targets in one run, grouped output, one summary, worst exit code, and one unreachable
 * target reported without stopping the others.
 */

import { symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunningSimulator } from '../../src/sim';
import { closedPort } from '../helpers/closed-port';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

function targetYaml(url: string, extra: { mfa?: boolean } = {}): string {
  return siteYaml(extra).replace('ise:\n', `ise:\n  url: ${url}\n  connectTimeoutSeconds: 1\n`);
}

describe('fleet runs', () => {
  let a: RunningSimulator;
  let b: RunningSimulator;
  let dir: string;
  const env = { ...DUO_ENV };

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestSimulator(), startTestSimulator()]);
    dir = tempDir();
    writeFile(dir, 'a-site.yaml', targetYaml(a.url));
    writeFile(dir, 'b-site.yaml', targetYaml(b.url));
    writeFile(dir, 'c-down.yaml', targetYaml(`http://127.0.0.1:${await closedPort()}`));
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  test('plan over a folder: grouped per target, a summary table, the worst exit code', async () => {
    const r = await runCli(['plan', dir, '--parallelism', '2'], env);
    expect(r.code).toBe(1);
    const aAt = r.stdout.indexOf('a-site.yaml (');
    const bAt = r.stdout.indexOf('b-site.yaml (');
    expect(aAt).toBeGreaterThanOrEqual(0);
    expect(bAt).toBeGreaterThan(aAt);
    expect(r.stdout).toMatch(/TARGET\s+CHANGES\s+RESULT/);
    expect(r.stdout).toMatch(/a-site\.yaml\s+3\s+changes/);
    expect(r.stdout).toMatch(/c-down\.yaml\s+-\s+error: .*(unreachable|refused)/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--format json gives one fleet report; apply goes on past the unreachable target', async () => {
    const r = await runCli(['apply', dir, '--yes', '--format', 'json'], env);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ formatVersion: 1, command: 'apply' });
    expect(report.targets.map((t: { result: string }) => t.result)).toEqual(['applied', 'applied', 'error']);
    expect(report.targets[0].report.result.applied).toHaveLength(3);
    // Not 1, which says nothing was written: two ISEs were changed, then a target failed.
    expect(r.code).toBe(5);
    expect(report.exitCode).toBe(5);
    expect(a.snapshot().connections).toHaveLength(1);
    expect(b.snapshot().connections).toHaveLength(1);
  });

  test('drift over two in-sync targets exits 0; markdown is one comment', async () => {
    const files = [`${dir}/a-site.yaml`, `${dir}/b-site.yaml`];
    const r = await runCli(['drift', ...files, '--format', 'markdown'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### ise-duo drift: 2 targets/);
    expect(r.stdout.match(/\| `.*-site\.yaml` \| 0 \| in sync \|/g)).toHaveLength(2);
  });

  test('validate and plan agree on a folder: a symlinked file counts, a hidden one does not', async () => {
    const linked = tempDir();
    symlinkSync(join(dir, 'a-site.yaml'), join(linked, 'site.yaml'));
    writeFile(linked, '.draft.yaml', 'version: 2\n');
    const validated = await runCli(['validate', linked], env);
    expect(validated).toMatchObject({ code: 0, stderr: '' });
    expect(validated.stdout).toBe(
      `${join(linked, 'site.yaml')}: valid (MFA on, 1 identity sync, 1 Duo connection)\n`,
    );
    const planned = await runCli(['plan', linked], env);
    expect(planned.stderr).toBe('');
    expect(planned.stdout).toMatch(/site\.yaml\s+\d+\s+(no )?changes/);
    expect(planned.stdout).not.toContain('.draft.yaml');
  });

  // Audit of 2026-12-02: a bad file (or a mistyped path) failed only its own target while the others were applied.
  test('a fleet apply with one bad input writes nothing anywhere, and says which file', async () => {
    const bad = tempDir();
    writeFile(bad, 'a-site.yaml', targetYaml(a.url, { mfa: false }));
    writeFile(bad, 'b-typo.yaml', `${targetYaml(b.url)}identitySync: []\n`);
    for (const s of [a, b]) s.clearLog();
    const r = await runCli(['apply', bad, `${bad}/missing.yaml`, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/b-typo\.yaml:\d+:\d+: error: unknown key "identitySync"/);
    expect(r.stderr).toMatch(/missing\.yaml: error: /);
    expect(r.stderr).toMatch(/hint: a fleet apply writes nothing until every target is valid/);
    expect([...a.requestLog(), ...b.requestLog()]).toEqual([]);
  });

  test('a refused fleet apply still gives its pipeline the report: every target, the bad one with its problem', async () => {
    const bad = tempDir();
    writeFile(bad, 'a-site.yaml', targetYaml(a.url));
    writeFile(bad, 'b-typo.yaml', `${targetYaml(b.url)}identitySync: []\n`);
    for (const s of [a, b]) s.clearLog();
    const r = await runCli(['apply', bad, '--yes', '--format', 'json'], env);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ command: 'apply', exitCode: 1 });
    expect(report.targets).toEqual([
      expect.objectContaining({
        file: `${bad}/a-site.yaml`,
        exitCode: 1,
        result: 'not applied',
        changes: null,
        error: expect.stringContaining(
          `not applied: the fleet apply stopped before its first request, at ${bad}/b-typo.yaml`,
        ),
      }),
      expect.objectContaining({
        file: `${bad}/b-typo.yaml`,
        exitCode: 1,
        result: 'error',
        error: expect.stringMatching(/b-typo\.yaml:\d+:\d+: error: unknown key "identitySync"/),
      }),
    ]);
    // The error on stderr, as for any format.
    expect(r.stderr).toMatch(/hint: a fleet apply writes nothing until every target is valid/);
    const md = await runCli(['apply', bad, '--yes', '--format', 'markdown'], env);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^### ise-duo apply: 2 targets/);
    expect(md.stdout).toContain('not applied: the fleet apply stopped before its first request');
    expect([...a.requestLog(), ...b.requestLog()]).toEqual([]);
  });

  test('apply over several targets needs --yes; --out and --plan of a fleet name folders, not one plan file', async () => {
    const noYes = await runCli(['apply', dir], env);
    expect(noYes.code).toBe(1);
    expect(noYes.stderr).toMatch(/needs --yes/);
    const out = await runCli(['plan', dir, '--out', `${dir}/p.json`], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      `error: --out ${dir}/p.json: a fleet run has one plan per target, so --out names a folder, and ${dir}/p.json is not one\n` +
        `hint: create it first: mkdir -p ${dir}/p.json\n`,
    );
    for (const s of [a, b]) s.clearLog();
    const saved = join(tempDir(), 'p.json');
    writeFile(dirname(saved), 'p.json', '{}\n');
    const plan = await runCli(['apply', dir, '--plan', saved, '--yes'], env);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe(
      `error: --plan ${saved}: a fleet run has one plan per target, so --plan names a folder, and ${saved} is not one\n` +
        `hint: one saved plan is applied to its own target: ise-duo apply --plan ${saved}\n`,
    );
    expect([...a.requestLog(), ...b.requestLog()]).toEqual([]);
  });
});

describe('fleet log lines', () => {
  let sim: RunningSimulator;
  let other: RunningSimulator;
  beforeAll(async () => {
    [sim, other] = await Promise.all([startTestSimulator(), startTestSimulator()]);
  });
  afterAll(async () => {
    await Promise.all([sim.stop(), other.stop()]);
  });

  test('carry "target" once', async () => {
    const dir = tempDir();
    writeFile(dir, 'a.yaml', targetYaml(sim.url));
    writeFile(dir, 'b.yaml', targetYaml(other.url));
    const r = await runCli(['--log-level', 'debug', 'plan', 'a.yaml', 'b.yaml'], { ...DUO_ENV }, dir);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line.match(/"target":/g)?.length ?? 0).toBeLessThanOrEqual(1);
    }
    expect(lines.filter((l) => l.includes('"target":"a.yaml"')).length).toBeGreaterThan(0);
  });
});
