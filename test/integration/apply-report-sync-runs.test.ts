/**
 * The apply report's `syncRuns`: with --format json or markdown the report is printed once the plan's sync
 * runs have ended, and says how each ended, why one did not start, and which are owed (no later plan asks
 * for them again). Before, the report came before the runs, so a pipeline saw a failed or interrupted run
 * only in the exit code and on stderr (closing note of 2026-12-04).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { apply } from '../../src/commands/apply';
import type { ApplyReport } from '../../src/model/reports';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, REPO, runCommand, siteYaml, tempDir, twoSyncs, writeFile } from '../helpers/harness';
import { applyStoppedDuringSyncRun } from '../helpers/stopped-sync-run';
import { startTestSimulator } from '../helpers/test-sim';

const SYNC_PATH = '/api/v1/duo-identitysync/identitysync/sync/';
const FAST = { yes: true, syncPollIntervalMs: 20 } as const;

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const seed = parse(readFileSync(join(REPO, 'seeds/default.yaml'), 'utf8'));
  sim = await startTestSimulator({ syncDelayMs: 60, seed: { ...seed, failingSyncs: ['lab-ad'] } });
  dir = tempDir();
  env = { ...DUO_ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const runJson = async (yaml: string, options: Partial<Parameters<typeof apply>[0]> = {}) => {
  const file = writeFile(dir, 'site.yaml', yaml);
  const r = await runCommand((ctx) => apply({ file, format: 'json', ...FAST, ...options }, ctx), env, dir);
  return { ...r, report: JSON.parse(r.out) as ApplyReport };
};

test('a converged apply: the report holds the run it started, as it ended', async () => {
  const r = await runJson(siteYaml({}));
  expect(r.code).toBe(0);
  expect(r.report.result.status).toBe('applied');
  expect(r.report.syncRuns).toEqual([
    { name: 'corp-ad', outcome: 'Success', lastSync: expect.any(String), seconds: expect.any(Number) },
  ]);
  // One report on stdout, after the run: its result line went to stderr first.
  expect(r.out.trim().startsWith('{') && r.out.trim().endsWith('}')).toBe(true);
  expect(r.err).toMatch(/identity sync "corp-ad": Success after/);
});

test('a run that fails: exit 5, and the report says Failed and that the run is owed', async () => {
  const r = await runJson(twoSyncs({ corp: 'never' }));
  expect(r.code).toBe(5);
  expect(r.report.syncRuns).toEqual([
    expect.objectContaining({ name: 'lab-ad', outcome: 'Failed', owed: true }),
  ]);
});

test('no run asked for: no syncRuns field', async () => {
  const r = await runJson(twoSyncs({ corp: 'never', lab: 'never' }));
  expect(r.code).toBe(0);
  expect(r.report).not.toHaveProperty('syncRuns');
});

test('--no-run-sync: NotStarted, skipped, owed when the apply wrote the sync', async () => {
  const r = await runJson(siteYaml({}), { runSync: false });
  expect(r.code).toBe(0);
  expect(r.report.syncRuns).toEqual([
    { name: 'corp-ad', outcome: 'NotStarted', message: 'skipped: --no-run-sync', seconds: 0, owed: true },
  ]);
  expect(sim.requestLog().some((q) => q.path.startsWith(SYNC_PATH))).toBe(false);
});

test('runSync: always with no changes and no consent: exit 1, NotStarted, not owed (the next apply asks)', async () => {
  const yaml = twoSyncs({ corp: 'always', lab: 'never' });
  await runJson(yaml);
  const r = await runJson(yaml, { yes: false });
  expect(r.code).toBe(1);
  expect(r.report.result.status).toBe('nothing-to-do');
  expect(r.report.syncRuns).toEqual([
    {
      name: 'corp-ad',
      outcome: 'NotStarted',
      message: 'skipped: no --yes and no terminal to ask on',
      seconds: 0,
    },
  ]);
});

test('an apply stopped by a failed change: the runs it owes are NotStarted and owed', async () => {
  sim.addFault({ method: 'POST', path: '/api/v1/duo-mfa/mfa', kind: '500' });
  const r = await runJson(siteYaml({}));
  expect(r.code).toBe(5);
  expect(r.report.result.status).toBe('failed');
  expect(r.report.syncRuns).toEqual([
    {
      name: 'corp-ad',
      outcome: 'NotStarted',
      message: 'not started: the apply stopped at a failed change',
      seconds: 0,
      owed: true,
    },
  ]);
});

test('a signal during the run: the report is printed, with the run cancelled and owed; exit 130', async () => {
  const r = await applyStoppedDuringSyncRun(sim, { dir, env, file: 'site.yaml' }, 'json');
  expect(r.result.exitCode).toBe(130);
  const report = JSON.parse(r.out) as ApplyReport;
  expect(report.result.status).toBe('applied');
  expect(report.syncRuns).toEqual([
    expect.objectContaining({ name: 'corp-ad', outcome: 'Cancelled', owed: true }),
  ]);
});

test('markdown: a table of the sync runs, owed ones marked', async () => {
  const file = writeFile(dir, 'site.yaml', twoSyncs({ corp: 'onChange', lab: 'onChange' }));
  const r = await runCommand((ctx) => apply({ file, format: 'markdown', ...FAST }, ctx), env, dir);
  expect(r.code).toBe(5);
  expect(r.out).toContain('| Identity sync run | Result |');
  expect(r.out).toMatch(/\| corp-ad \| Success after [\d.]+s, lastSync [^|]+ \|/);
  expect(r.out).toMatch(
    /\| lab-ad \| Failed after [\d.]+s[^|]* \(\*\*owed\*\*: no later apply starts it; `ise-duo sync` does\) \|/,
  );
});
