/**
 * The sharded GitHub fleet recipe (examples/ci/github-actions-fleet.yml) on a push to main, run job by job
 * (test/helpers/gha-local.ts) against one simulator per site: each plan shard, in a checkout of its own,
 * saves its sites' plans as an artifact; each apply shard, in another fresh checkout, downloads every plan
 * artifact into plans/ and applies exactly its own sites' saved plans. Then a site changed by hand between
 * plan and apply: its plan is refused as stale, its shard's job fails, and nothing is written there.
 */
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/sim';
import { changeConnectionByHand } from '../helpers/change-by-hand';
import { type JobRun, runJob } from '../helpers/gha-local';
import { DUO_ENV, REPO, runCli, siteYaml, tempDir } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const WORKFLOW = join(REPO, 'examples/ci/github-actions-fleet.yml');
const SHARDS = [1, 2, 3, 4];

jest.setTimeout(120_000);

let sims: RunningSimulator[];
/** The repository as committed; every job works in a copy of it, as each job checks out its own. */
let repository: string;
const secrets = { ...DUO_ENV };

function writeSites(description: string): void {
  sims.forEach((sim, i) => {
    const site = siteYaml({ connections: [{ name: 'corp-duo', description }] }).replace(
      'ise:\n',
      `ise:\n  url: ${sim.url}\n  connectTimeoutSeconds: 2\n`,
    );
    writeFileSync(join(repository, `ise/sites/site-${i + 1}.yaml`), site);
  });
}

function checkout(): string {
  const workspace = tempDir('ise-duo-gh-fleet-job-');
  cpSync(repository, workspace, { recursive: true });
  return workspace;
}

/** One push run: the four plan shards, then the four apply shards, sharing one run's artifacts. */
async function pushRun(between?: () => Promise<void>): Promise<{ plans: JobRun[]; applies: JobRun[] }> {
  const artifacts = tempDir('ise-duo-gh-fleet-artifacts-');
  const job = (name: string, shard: number) =>
    runJob({
      workflow: WORKFLOW,
      job: name,
      github: { event_name: 'push' },
      matrix: { shard },
      secrets,
      workspace: checkout(),
      artifacts,
    });
  const plans = await Promise.all(SHARDS.map((s) => job('plan', s)));
  await between?.();
  const applies = await Promise.all(SHARDS.map((s) => job('apply', s)));
  return { plans, applies };
}

const failed = (runs: JobRun[]) =>
  runs.map((r) => r.steps.filter((s) => s.outcome === 'failure').map((s) => s.name));

/** The sites a job's markdown or text report names as planned or applied, from its summary. */
const sitesIn = (r: JobRun, result: RegExp) =>
  [...r.summary.matchAll(/ise\/sites\/(site-\d)\.yaml\W+(\d+|-)\W+([a-z ]+)/g)]
    .filter((m) => result.test(m[3]))
    .map((m) => m[1])
    .sort();

const descriptions = () =>
  sims.map((sim) =>
    sim.snapshot().connections.map((c) => (c.description ?? '').replace(/ \[ise-duo .*\]$/, '')),
  );

function expectNoSecret(runs: JobRun[]) {
  const everything = JSON.stringify(runs);
  for (const v of [DUO_ENV.ISE_PASSWORD, DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.DUO_AUTH_SKEY])
    expect(everything).not.toContain(v);
}

beforeAll(async () => {
  sims = await Promise.all([startTestSimulator(), startTestSimulator(), startTestSimulator()]);
  repository = tempDir('ise-duo-gh-fleet-repo-');
  mkdirSync(join(repository, 'ise/sites'), { recursive: true });
});
afterAll(async () => {
  await Promise.all((sims ?? []).map((s) => s.stop()));
});

test('push: each plan shard saves its sites plans; each apply shard applies exactly them', async () => {
  writeSites('first');
  const { plans, applies } = await pushRun();
  expect(failed([...plans, ...applies])).toEqual(SHARDS.map(() => []).concat(SHARDS.map(() => [])));
  const planned = plans.map((r) => sitesIn(r, /changes/));
  expect(planned.flat().sort()).toEqual(['site-1', 'site-2', 'site-3']);
  expect(applies.map((r) => sitesIn(r, /applied/))).toEqual(planned);
  expect(descriptions()).toEqual([['first'], ['first'], ['first']]);
  expectNoSecret([...plans, ...applies]);
});

test('a site changed by hand between its plan and the apply: only its plan is refused', async () => {
  writeSites('second');
  let staleShard = 0;
  const { plans, applies } = await pushRun(async () => {
    expect(descriptions()).toEqual([['first'], ['first'], ['first']]); // plans write nothing
    await changeConnectionByHand(sims[1]);
  });
  staleShard = SHARDS.find((_, i) => sitesIn(plans[i], /changes/).includes('site-2'))!;
  expect(failed(plans)).toEqual(SHARDS.map(() => []));
  expect(failed(applies)).toEqual(
    SHARDS.map((s) => (s === staleShard ? [`Apply exactly the saved plans of shard ${s} of 4`] : [])),
  );
  expect(applies[staleShard - 1].summary).toContain('the saved plan is stale');
  expect(descriptions()).toEqual([['second'], ['changed by hand'], ['second']]);
  // The artifacts held plans only, and no secret.
  expectNoSecret([...plans, ...applies]);
});

test('the artifacts the plan shards keep are plan files, one per site', async () => {
  const artifacts = tempDir('ise-duo-gh-fleet-artifacts-');
  for (const shard of SHARDS) {
    await runJob({
      workflow: WORKFLOW,
      job: 'plan',
      github: { event_name: 'push' },
      matrix: { shard },
      secrets,
      workspace: checkout(),
      artifacts,
    });
  }
  const files = readdirSync(artifacts).flatMap((name) => readdirSync(join(artifacts, name)));
  expect(files.sort()).toEqual(['site-1.plan.json', 'site-2.plan.json', 'site-3.plan.json']);
});

/** One scheduled run: the four drift shards, then the job that merges their reports. */
async function scheduleRun(lists?: Record<string, unknown[]>): Promise<{ drifts: JobRun[]; report: JobRun }> {
  const artifacts = tempDir('ise-duo-gh-fleet-artifacts-');
  const job = (name: string, matrix?: Record<string, unknown>) =>
    runJob({
      workflow: WORKFLOW,
      job: name,
      github: { event_name: 'schedule' },
      matrix,
      secrets,
      workspace: checkout(),
      artifacts,
      lists,
    });
  const drifts = await Promise.all(SHARDS.map((shard) => job('drift', { shard })));
  return { drifts, report: await job('report') };
}

// Closing note of 2026-12-04: a fleet's drift opened no issue, as the single workflow's does; its merged
// report was a line in the job summary.
test('schedule: the merged drift report is the summary, and opens one issue for the fleet', async () => {
  // After the tests above, site 2 holds the change made by hand: drift there, the others in sync.
  const { drifts, report } = await scheduleRun();
  expect(failed([...drifts, report])).toEqual([...SHARDS.map(() => []), []]);
  expect(report.summary).toMatch(/^### ise-duo drift: 3 targets/m);
  expect(report.summary).toMatch(/\| `ise\/sites\/site-2\.yaml` \| 1 \| drift \|/);
  expect(report.summary).toContain('Fleet exit code 2.');
  expect(report.calls.map((c) => c.method)).toEqual(['listForRepo', 'create']);
  expect(report.calls[0]!.params).toMatchObject({ state: 'open', labels: 'ise-duo-drift-fleet' });
  const issue = report.calls[1]!.params as { title: string; body: string; labels: string[] };
  expect(issue.title).toBe('ise-duo: ISE fleet differs from the committed configuration');
  expect(issue.labels).toEqual(['ise-duo-drift-fleet']);
  expect(issue.body).toContain('### ise-duo drift: 1 difference(s)');
  expect(issue.body).toMatch(/Found by https:\/\/github\.example\/acme\/network-config\/actions\/runs\/7\./);
  expectNoSecret([...drifts, report]);
});

test('schedule: a fleet back in sync closes the open issue', async () => {
  const fixed = await runCli(['apply', 'ise/sites/site-2.yaml', '--yes'], { ...DUO_ENV }, repository);
  expect(fixed.code).toBe(0);
  const { report } = await scheduleRun({ listForRepo: [{ number: 5 }] });
  expect(report.summary).toContain('Fleet exit code 0.');
  expect(report.calls.map((c) => `${c.method} ${c.params.issue_number ?? ''}`.trim())).toEqual([
    'listForRepo',
    'createComment 5',
    'update 5',
  ]);
  expect(report.calls[2]!.params).toMatchObject({ state: 'closed' });
});
