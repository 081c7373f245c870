/**
 * One writer per ISE. A fleet apply with two targets for the same ISE (one ISE_URL for several files, two
 * spellings of one URL) is refused before any request, naming both files; the same file named twice is one
 * target; a fleet plan may share an ISE (it only reads). And when a re-read
 * finds a change made, the report says who made it as far as ISE's answer tells: another writer (ISE refused
 * this run's create as a duplicate), or cannot tell (the answer was lost).
 */

import { apply } from '../../src/commands/apply';
import { applyPlan } from '../../src/executor/apply-plan';
import { prepareTarget } from '../../src/pipeline/prepare-target';
import { readAndPlan } from '../../src/pipeline/read-and-plan';
import { renderApplyText } from '../../src/render/apply-report';
import type { RunningSimulator } from '../../src/sim';
import { capture, DUO_ENV, runCli, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startTestSimulator();
  dir = tempDir('ise-duo-one-writer-');
  env = { ...DUO_ENV, ISE_URL: sim.url };
  writeFile(dir, 'site.yaml', siteYaml({}));
  writeFile(dir, 'mfa-only.yaml', siteYaml({ syncs: false }));
  const withUrl = (url: string) => siteYaml({}).replace('ise:\n', `ise:\n  url: ${url}\n`);
  writeFile(dir, 'upper.yaml', withUrl(sim.url.replace('http://', 'HTTP://').concat('/')));
  writeFile(dir, 'lower.yaml', withUrl(sim.url));
  // Audit of 2026-12-02: these spellings of this machine were taken for other ISEs.
  const port = new URL(sim.url).port;
  writeFile(dir, 'localhost.yaml', withUrl(`http://localhost.:${port}`));
  writeFile(dir, 'mapped.yaml', withUrl(`http://[::ffff:127.0.0.1]:${port}`));
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('a fleet apply never runs two targets against one ISE', () => {
  const { ISE_URL: _unset, ...noUrl } = DUO_ENV as NodeJS.ProcessEnv;
  test.each([
    [
      'two files under one ISE_URL',
      ['apply', 'site.yaml', 'mfa-only.yaml', '--yes'],
      () => env,
      /site\.yaml and mfa-only\.yaml are both for /,
    ],
    [
      'two spellings of one URL',
      ['apply', 'upper.yaml', 'lower.yaml', '--yes'],
      () => noUrl,
      /upper\.yaml and lower\.yaml are both for http:\/\/127\.0\.0\.1:\d+: a fleet apply never runs two targets against one ISE/,
    ],
    [
      'localhost with a trailing dot, and 127.0.0.1',
      ['apply', 'lower.yaml', 'localhost.yaml', '--yes'],
      () => noUrl,
      /lower\.yaml and localhost\.yaml are both for http:\/\/localhost\.:\d+ \(written http:\/\/127\.0\.0\.1:\d+ in lower\.yaml\)/,
    ],
    [
      'an IPv4-mapped IPv6 address of 127.0.0.1',
      ['apply', 'mapped.yaml', 'lower.yaml', '--yes'],
      () => noUrl,
      /mapped\.yaml and lower\.yaml are both for http:\/\/127\.0\.0\.1:\d+ \(written http:\/\/\[::ffff:7f00:1\]:\d+ in mapped\.yaml\)/,
    ],
  ])('%s: refused before any request, naming both files', async (_name, args, envOf, says) => {
    const r = await runCli(args, envOf(), dir);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(says);
    expect(sim.requestLog()).toEqual([]);
  });
});

test('with --format json the refusal is a fleet report: both files with the reason, the rest not applied', async () => {
  const r = await runCli(
    ['apply', 'upper.yaml', 'site.yaml', 'lower.yaml', '--yes', '--format', 'json'],
    env,
    dir,
  );
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as {
    exitCode: number;
    targets: Array<{ file: string; result: string; error: string }>;
  };
  expect(report.exitCode).toBe(1);
  expect(report.targets.map((t) => [t.file, t.result])).toEqual([
    ['upper.yaml', 'error'],
    ['site.yaml', 'error'],
    ['lower.yaml', 'not applied'],
  ]);
  expect(report.targets[0].error).toMatch(/upper\.yaml and site\.yaml are both for /);
  expect(report.targets[2].error).toMatch(/at 2 targets \(upper\.yaml, site\.yaml\)/);
  expect(sim.requestLog()).toEqual([]);
});

test('the same file named twice is one target: one apply, not two racing', async () => {
  const r = await runCli(['apply', 'site.yaml', './site.yaml', '--yes', '--no-run-sync'], env, dir);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toMatch(/TARGET\s+CHANGES/);
  const writes = sim.requestLog().filter((q) => q.method !== 'GET' && !q.path.includes('/testconnection/'));
  expect(writes.map((w) => w.method)).toEqual(['PUT', 'POST', 'POST']);
});

test('a fleet plan may share an ISE: it only reads', async () => {
  const r = await runCli(['plan', 'site.yaml', 'mfa-only.yaml'], env, dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/TARGET\s+CHANGES/);
});

describe('a re-read says who made the change', () => {
  /** Turns MFA on, then plans site.yaml (a sync and a connection to create). */
  async function planCreates() {
    expect(
      (await runCommand((ctx) => apply({ file: 'mfa-only.yaml', format: 'json', yes: true }, ctx), env, dir))
        .code,
    ).toBe(0);
    const c = capture(env, dir);
    const prepared = await prepareTarget('site.yaml', {}, c.ctx);
    const { plan } = await readAndPlan(prepared);
    expect(plan.changes.map((ch) => `${ch.action} ${ch.kind}`)).toEqual([
      'create identity-sync',
      'create duo-connection',
    ]);
    return { prepared, plan, logs: c.logs };
  }

  test('ISE refused the create as a duplicate: another writer made it meanwhile', async () => {
    const { prepared, plan, logs } = await planCreates();
    // Another writer creates the same sync between this run's plan and its write.
    await prepared.writer().createIdentitySync((plan.changes[0] as { body?: unknown }).body as never);
    const result = await applyPlan(plan, prepared.writer(), prepared.logger);
    expect(result.status).toBe('applied');
    expect(result.applied[0]).toEqual({
      kind: 'identity-sync',
      action: 'create',
      name: 'corp-ad',
      confirmedByReread: true,
      madeBy: 'another-writer',
    });
    expect(result.applied[1]).toEqual({ kind: 'duo-connection', action: 'create', name: 'corp-duo' });
    const text = renderApplyText(result);
    expect(text).toContain('another writer made it meanwhile');
    expect(text).not.toContain('response was lost');
    expect(logs()).toMatch(/another writer made it meanwhile/);
  });

  test('the answer was lost: ISE holds it, and the report says it cannot tell who made it', async () => {
    const { prepared, plan } = await planCreates();
    sim.addFault({ method: 'POST', path: '/api/v1/duo-identitysync/identitysync', kind: 'lost-response' });
    const result = await applyPlan(plan, prepared.writer(), prepared.logger);
    expect(result.applied[0]).toMatchObject({ confirmedByReread: true, madeBy: 'unknown' });
    expect(renderApplyText(result)).toContain('cannot tell whether this run or another writer made it');
  });
});
