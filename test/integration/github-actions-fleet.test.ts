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
import { DUO_ENV, REPO, siteYaml, tempDir } from '../helpers/harness';
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
