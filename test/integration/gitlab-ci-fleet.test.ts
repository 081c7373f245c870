/**
 * The sharded GitLab fleet recipe (examples/ci/gitlab-ci-fleet.yml) run for real by gitlab-ci-local (shell
 * executor) in a throwaway git repository, against one simulator per site: a push to the default branch runs
 * the four plan shards, each saving its sites' plans into plans/, then the four (manual) apply shards, each
 * applying exactly its own sites' saved plans from plans/. Then a site whose ISE was changed by hand between
 * the plan and the apply: only its plan is refused, and nothing is written there. `ise-duo` is on PATH as
 * this repository's build, as in gitlab-ci.test.ts. The project includes the fleet recipe beside the single one,
 * as the fleet recipe says to (it takes its GitLab API functions from it), with a loopback fake of GitLab's
 * API for the scheduled drift's issue.
 *
 * The shell executor runs every job in the project folder itself, so the shards' plans meet in one plans/
 * folder here as they do in a GitLab apply job that downloads every plan shard's artifact; what this test
 * cannot show is GitLab's artifact transfer itself.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/sim';
import { changeConnectionByHand } from '../helpers/change-by-hand';
import { type FakeGitlab, startFakeGitlab } from '../helpers/fake-gitlab';
import { CLI, DUO_ENV, REPO, runCli, siteYaml, tempDir } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const GITLAB_CI_LOCAL = join(REPO, 'node_modules/gitlab-ci-local/src/index.js');
const SHARDS = ['1/4', '2/4', '3/4', '4/4'];

jest.setTimeout(180_000);

let sims: RunningSimulator[];
let gitlab: FakeGitlab;
let project: string;

const siteFor = (sim: RunningSimulator, description: string) =>
  siteYaml({ connections: [{ name: 'corp-duo', description }] }).replace(
    'ise:\n',
    `ise:\n  url: ${sim.url}\n  connectTimeoutSeconds: 2\n`,
  );

function writeSites(description: string): void {
  sims.forEach((sim, i) => {
    writeFileSync(join(project, `ise/sites/site-${i + 1}.yaml`), siteFor(sim, description));
  });
}

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: project });
}

/**
 * One push pipeline: the plan shards, then the (manual) apply shards ('both'), the plan shards alone
 * ('plan'), or the apply shards alone on the plans an earlier pipeline left ('apply'). Never throws, so the
 * exit code can be asserted.
 */
function pushPipeline(jobsRun: 'both' | 'plan' | 'apply', variables: Record<string, string> = {}) {
  const applyJobs = SHARDS.map((s) => `apply-fleet: [${s}]`);
  const args = [
    GITLAB_CI_LOCAL,
    '--force-shell-executor',
    '--no-color',
    '--json-schema-validation=true',
    ...(jobsRun === 'both' ? applyJobs.flatMap((job) => ['--manual', job]) : []),
    ...(jobsRun === 'apply' ? applyJobs : []),
    ...Object.entries({
      ISE_DUO_GITLAB_API_URL: gitlab.apiUrl,
      ISE_DUO_GITLAB_TOKEN: 'glpat-canary-token-0000',
      CI_PROJECT_ID: '1234',
      ...variables,
    }).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
  ];
  const bin = join(project, '..', 'bin');
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: join(project, '..'), ...DUO_ENV };
  return new Promise<{ code: number; out: string }>((resolvePromise) => {
    execFile(process.execPath, args, { cwd: project, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolvePromise({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

/** "plan-fleet: [1/4] PASS", sorted. */
const jobs = (out: string) =>
  [...out.matchAll(/^ (PASS|FAIL|WARN) +([\w-]+: \[[\d/]+\])/gm)].map((m) => `${m[2]} ${m[1]}`).sort();

const jobResults = (job: string, result: (shard: string) => string) =>
  SHARDS.map((s) => `${job}: [${s}] ${result(s)}`);

/** The sites each plan shard's markdown report lists (the shell executor leaves it in the project). */
function sitesPlannedBy(shard: string): string[] {
  const report = readFileSync(join(project, `plan-shard-${shard.split('/')[0]}.md`), 'utf8');
  return [...report.matchAll(/^\| `ise\/sites\/(site-\d)\.yaml` \|/gm)].map((m) => m[1]);
}

/** The sites an apply shard's text report lists as applied. */
function sitesAppliedBy(out: string, shard: string): string[] {
  const row = new RegExp(`^apply-fleet: \\[${shard}\\] > ise/sites/(site-\\d)\\.yaml +\\d+ +applied$`, 'gm');
  return [...out.matchAll(row)].map((m) => m[1]).sort();
}

const descriptions = () =>
  sims.map((sim) =>
    sim.snapshot().connections.map((c) => (c.description ?? '').replace(/ \[ise-duo .*\]$/, '')),
  );

function expectNoSecret(text: string) {
  for (const v of [DUO_ENV.ISE_PASSWORD, DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.DUO_AUTH_SKEY])
    expect(text).not.toContain(v);
}

beforeAll(async () => {
  sims = await Promise.all([startTestSimulator(), startTestSimulator(), startTestSimulator()]);
  gitlab = await startFakeGitlab();
  project = join(tempDir('ise-duo-gitlab-fleet-'), 'project');
  const bin = join(project, '..', 'bin');
  mkdirSync(join(project, 'ise/sites'), { recursive: true });
  mkdirSync(bin);
  writeFileSync(join(bin, 'ise-duo'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'ise-duo'), 0o755);
  mkdirSync(join(project, 'ci'));
  for (const recipe of ['gitlab-ci.yml', 'gitlab-ci-fleet.yml'])
    writeFileSync(join(project, 'ci', recipe), readFileSync(join(REPO, 'examples/ci', recipe)));
  writeFileSync(
    join(project, '.gitlab-ci.yml'),
    'include:\n  - local: ci/gitlab-ci.yml\n  - local: ci/gitlab-ci-fleet.yml\n',
  );
  writeSites('first');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'desired state');
});
afterAll(async () => {
  await Promise.all([...(sims ?? []).map((s) => s.stop()), gitlab?.stop()]);
});

test('push: four plan shards save every site plan once; four apply shards apply exactly them', async () => {
  const r = await pushPipeline('both');
  expect(jobs(r.out)).toEqual(
    [...jobResults('plan-fleet', () => 'PASS'), ...jobResults('apply-fleet', () => 'PASS')].sort(),
  );
  expect(r.code).toBe(0);
  // Every site planned by exactly one shard, and applied by that shard's apply job, from its saved plan.
  const planned = SHARDS.map(sitesPlannedBy);
  expect(planned.flat().sort()).toEqual(['site-1', 'site-2', 'site-3']);
  expect(SHARDS.map((s) => sitesAppliedBy(r.out, s))).toEqual(planned.map((sites) => [...sites].sort()));
  expect(readdirSync(join(project, 'plans')).sort()).toEqual([
    'site-1.plan.json',
    'site-2.plan.json',
    'site-3.plan.json',
  ]);
  expect(r.out).toContain('--plan plans');
  expect(descriptions()).toEqual([['first'], ['first'], ['first']]);
  expectNoSecret(r.out);
});

test('an ISE changed by hand between its plan and the apply: only its saved plan is refused', async () => {
  writeSites('second');
  git('commit', '-qam', 'second description');
  const planned = await pushPipeline('plan');
  expect(jobs(planned.out)).toEqual(jobResults('plan-fleet', () => 'PASS').sort());
  expect(descriptions()).toEqual([['first'], ['first'], ['first']]); // plans write nothing
  await changeConnectionByHand(sims[1]);
  const staleShard = SHARDS.find((s) => sitesPlannedBy(s).includes('site-2'))!;

  const applied = await pushPipeline('apply');
  expect(jobs(applied.out)).toEqual(jobResults('apply-fleet', (s) => (s === staleShard ? 'FAIL' : 'PASS')));
  expect(applied.code).not.toBe(0);
  expect(applied.out).toContain(
    `apply-fleet: [${staleShard}] > error: the saved plan is stale; since it was made, these changed: duo-connection/corp-duo (changed on ISE). Nothing was changed.`,
  );
  // Site 2 keeps the change made by hand (nothing written there); the others took the file.
  expect(descriptions()).toEqual([['second'], ['changed by hand'], ['second']]);
  expectNoSecret(planned.out + applied.out);
});

// Helper review of 2026-12-04: the merged fleet report said "exit code 2" and every job passed, so a schedule
// that found drift stayed green. drift-fleet-report now exits with the fleet's code, as the single recipe does.
// Closing note of 2026-12-04: a fleet's drift opened no issue, as the single recipe's does.
test('schedule: the merged drift report opens one issue for the fleet and fails its job (exit 2)', async () => {
  // After the test above, site 2 holds the change made by hand: drift there, the others in sync.
  gitlab.requests.length = 0;
  const r = await pushPipeline('plan', { CI_PIPELINE_SOURCE: 'schedule' });
  expect(r.out).toMatch(/fleet exit code 2: 3 targets, 1 with drift/);
  expect(jobs(r.out)).toEqual(jobResults('drift-fleet', () => 'PASS').sort());
  expect(r.out).toMatch(/^ FAIL +drift-fleet-report/m);
  expect(r.code).not.toBe(0);
  expect(gitlab.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    'GET /api/v4/projects/1234/issues',
    'POST /api/v4/projects/1234/issues',
  ]);
  expect(gitlab.requests[0]!.query).toMatchObject({ state: 'opened', labels: 'ise-duo-drift-fleet' });
  const issue = gitlab.requests[1]!.form;
  expect(issue.title).toBe('ise-duo: ISE fleet differs from the committed configuration');
  expect(issue.labels).toBe('ise-duo-drift-fleet');
  // The merged report as markdown: the fleet's table, and site 2's drift in its block.
  const merged = readFileSync(join(project, 'drift-fleet.md'), 'utf8');
  expect(issue.description.startsWith(merged.trimEnd())).toBe(true);
  expect(merged).toMatch(/^### ise-duo drift: 3 targets/);
  expect(merged).toMatch(/\| `ise\/sites\/site-2\.yaml` \| 1 \| drift \|/);
  expect(merged).toContain('### ise-duo drift: 1 difference(s)');
  expectNoSecret(r.out + JSON.stringify(gitlab.requests));
});

test('schedule: a fleet back in sync closes the open issue, and its job passes', async () => {
  // Site 2's ISE made to match its file again, by the file's own apply (a child process: the simulators
  // answer on this process's event loop, which a synchronous child would block).
  const fixed = await runCli(['apply', 'ise/sites/site-2.yaml', '--yes'], { ...DUO_ENV }, project);
  expect(fixed.code).toBe(0);
  gitlab.requests.length = 0;
  gitlab.openIssues = [{ iid: 9 }];
  const r = await pushPipeline('plan', { CI_PIPELINE_SOURCE: 'schedule' });
  expect(r.out).toMatch(/fleet exit code 0: 3 targets, 0 with drift/);
  expect(r.out).toMatch(/^ PASS +drift-fleet-report/m);
  expect(gitlab.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    'GET /api/v4/projects/1234/issues',
    'POST /api/v4/projects/1234/issues/9/notes',
    'PUT /api/v4/projects/1234/issues/9',
  ]);
  expect(gitlab.requests[2]!.form).toEqual({ state_event: 'close' });
});
