/**
 * The GitLab recipe (examples/ci/gitlab-ci.yml) run for real by gitlab-ci-local (shell executor) in a
 * throwaway git repository, against the simulator, with a loopback fake of GitLab's API in place of
 * CI_API_V4_URL (the recipe's ISE_DUO_GITLAB_API_URL). Three pipelines, each chosen by the recipe's own
 * rules: a merge request (validate, plan, the plan posted as a note, updated by the next pipeline), a push
 * to the default branch (apply), and a schedule after ISE was changed by hand (drift, exit 2, an issue opened
 * with the report; closed by the first schedule that finds ISE in sync). `curl` on PATH is a wrapper that
 * records each call's arguments, to show the GitLab token is never one of them.
 * `ise-duo` is on PATH as this repository's build, so the recipe's install step is skipped
 * (test/integration/package.test.ts installs the packed tarball).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/sim';
import { changeConnectionByHand } from '../helpers/change-by-hand';
import { type FakeGitlab, startFakeGitlab, TOKEN_USER_ID } from '../helpers/fake-gitlab';
import { CLI, DUO_ENV, REPO, siteYaml, tempDir } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const GITLAB_CI_LOCAL = join(REPO, 'node_modules/gitlab-ci-local/src/index.js');
const TOKEN = 'glpat-canary-token-0000';

jest.setTimeout(180_000);

let sim: RunningSimulator;
let gitlab: FakeGitlab;
let project: string;
let bin: string;
let curlCalls: string;

/** Every argument of every curl call the pipelines made so far. */
const curlArguments = () => (existsSync(curlCalls) ? readFileSync(curlCalls, 'utf8') : '');

/** One pipeline: gitlab-ci-local with the trigger's variables; never throws, so the exit code can be asserted. */
function pipeline(variables: Record<string, string>, checkSchema = false, cwd = project) {
  const predefined = Object.keys(variables).filter((k) => k.startsWith('CI_'));
  const args = [
    GITLAB_CI_LOCAL,
    '--force-shell-executor',
    '--no-color',
    `--json-schema-validation=${checkSchema}`,
    ...(predefined.length ? ['--ignore-predefined-vars', predefined.join(',')] : []),
    ...Object.entries({
      ISE_DUO_GITLAB_API_URL: gitlab.apiUrl,
      ISE_DUO_GITLAB_TOKEN: TOKEN,
      CI_PROJECT_ID: '1234',
      ...variables,
    }).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
  ];
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: join(project, '..'),
    ...DUO_ENV,
    ISE_URL: sim.url,
  };
  return new Promise<{ code: number; out: string }>((resolvePromise) => {
    execFile(process.execPath, args, { cwd, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolvePromise({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

const jobs = (out: string) => [...out.matchAll(/^ (PASS|FAIL) +(\w+)/gm)].map((m) => `${m[2]} ${m[1]}`);

function expectNoSecret(out: string) {
  for (const v of [DUO_ENV.ISE_PASSWORD, DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.DUO_AUTH_SKEY])
    expect(out).not.toContain(v);
}

beforeAll(async () => {
  sim = await startTestSimulator();
  gitlab = await startFakeGitlab();
  project = join(tempDir('ise-duo-gitlab-'), 'project');
  bin = join(project, '..', 'bin');
  mkdirSync(join(project, 'ise'), { recursive: true });
  mkdirSync(bin);
  writeFileSync(join(bin, 'ise-duo'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'ise-duo'), 0o755);
  // A curl that writes down its arguments (one per line), then runs the real one.
  const realCurl = execFileSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim();
  curlCalls = join(project, '..', 'curl-arguments.txt');
  writeFileSync(
    join(bin, 'curl'),
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> "${curlCalls}"; done\nexec "${realCurl}" "$@"\n`,
  );
  chmodSync(join(bin, 'curl'), 0o755);
  makeProject(project, readFileSync(join(REPO, 'examples/ci/gitlab-ci.yml'), 'utf8'));
});

/** A git repository at `dir` with `ciYaml` as its .gitlab-ci.yml, the site file, and `extra` files. */
function makeProject(dir: string, ciYaml: string, extra: Record<string, string> = {}) {
  mkdirSync(join(dir, 'ise'), { recursive: true });
  writeFileSync(join(dir, '.gitlab-ci.yml'), ciYaml);
  writeFileSync(join(dir, 'ise/site.yaml'), siteYaml({}));
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...a], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'desired state');
}
afterAll(async () => {
  await Promise.all([sim?.stop(), gitlab?.stop()]);
});

test('merge request: validate and plan run, the markdown plan is posted as a merge request note', async () => {
  const r = await pipeline({ CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '7' }, true);
  expect(jobs(r.out)).toEqual(['validate PASS', 'plan PASS']);
  expect(r.code).toBe(0);
  expect(gitlab.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    'GET /api/v4/user',
    'GET /api/v4/projects/1234/merge_requests/7/notes',
    'POST /api/v4/projects/1234/merge_requests/7/notes',
  ]);
  const note = gitlab.requests[2];
  expect(gitlab.requests.every((q) => q.token === TOKEN)).toBe(true);
  const planMd = readFileSync(join(project, '.gitlab-ci-local/artifacts/plan/plan.md'), 'utf8');
  expect(planMd).toMatch(/corp-ad/);
  expect(note.form.body.startsWith(`<!-- ise-duo plan -->\n${planMd.trimEnd()}`)).toBe(true);
  expect(note.form.body).toMatch(/<sub>exit code 2 · \w+<\/sub>$/);
  expect(sim.snapshot().connections).toEqual([]); // read-only
  expectNoSecret(r.out + JSON.stringify(gitlab.requests));
});

// Helper review of 2026-12-04: each pipeline posted a new note, so a merge request pushed ten times held
// ten plans, nine of them stale (the GitHub recipe updates its one comment).
test('the next merge request pipeline updates that note instead of posting another', async () => {
  gitlab.requests.length = 0;
  const r = await pipeline({ CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '7' });
  expect(jobs(r.out)).toEqual(['validate PASS', 'plan PASS']);
  expect(gitlab.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    'GET /api/v4/user',
    'GET /api/v4/projects/1234/merge_requests/7/notes',
    `PUT /api/v4/projects/1234/merge_requests/7/notes/${gitlab.mrNotes[0].id}`,
  ]);
  expect(gitlab.mrNotes).toHaveLength(1);
  expect(gitlab.mrNotes[0].body).toMatch(/^<!-- ise-duo plan -->\n[\s\S]*corp-ad[\s\S]*<sub>exit code 2/);
});

// The fleet recipe says to include it beside this one. Both set `default: before_script`, and the file included
// last wins: the plan job must still have gitlab_api (it comes by !reference) and curl (both install it).
test('included beside the fleet recipe: the merge request plan is still posted', async () => {
  const both = join(project, '..', 'both');
  makeProject(both, 'include:\n  - local: ci/gitlab-ci.yml\n  - local: ci/gitlab-ci-fleet.yml\n', {
    'ci/gitlab-ci.yml': readFileSync(join(REPO, 'examples/ci/gitlab-ci.yml'), 'utf8'),
    'ci/gitlab-ci-fleet.yml': readFileSync(join(REPO, 'examples/ci/gitlab-ci-fleet.yml'), 'utf8'),
  });
  gitlab.requests.length = 0;
  const r = await pipeline(
    { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '8' },
    false,
    both,
  );
  expect(jobs(r.out)).toEqual(['validate PASS', 'plan PASS']);
  expect(gitlab.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    'GET /api/v4/user',
    'GET /api/v4/projects/1234/merge_requests/8/notes',
    expect.stringMatching(/^(POST|PUT) \/api\/v4\/projects\/1234\/merge_requests\/8\/notes/),
  ]);
  // A push runs the fleet's plans, not the single recipe's automatic apply (ISE_DUO_FLEET_RECIPE).
  const push = await pipeline({}, false, both);
  expect(push.out).toMatch(/plan-fleet/);
  expect(jobs(push.out)).not.toContain('apply PASS');
  expect(jobs(push.out)).not.toContain('apply FAIL');
});

// Helper review of 2026-12-04: any note starting with the marker was taken for the recipe's own, so a
// reviewer's note quoting it was overwritten (or the PUT refused, failing every pipeline); and a note older
// than the first 100 was not found, so a second one was posted.
test("another user's note with the marker is left alone, and the recipe's own is found past the first page", async () => {
  const marker = '<!-- ise-duo plan -->';
  const mine = { id: 900, body: `${marker}\nold plan`, author: { id: TOKEN_USER_ID } };
  const theirs = { id: 901, body: `${marker}\nquoted by a reviewer`, author: { id: 5 } };
  const chatter = Array.from({ length: 150 }, (_, i) => ({
    id: 1000 + i,
    body: `comment ${i}`,
    author: { id: 5 },
  }));
  gitlab.mrNotes = [mine, ...chatter, theirs];
  gitlab.requests.length = 0;
  const r = await pipeline({ CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '9' });
  expect(jobs(r.out)).toEqual(['validate PASS', 'plan PASS']);
  expect(
    gitlab.requests.map((q) => `${q.method} ${q.path}${q.query.page ? `?page=${q.query.page}` : ''}`),
  ).toEqual([
    'GET /api/v4/user',
    'GET /api/v4/projects/1234/merge_requests/9/notes?page=1',
    'GET /api/v4/projects/1234/merge_requests/9/notes?page=2',
    'PUT /api/v4/projects/1234/merge_requests/9/notes/900',
  ]);
  expect(theirs.body).toBe(`${marker}\nquoted by a reviewer`);
  gitlab.mrNotes = [];
});

// Helper review of 2026-12-04: the token was a curl argument, which `ps` shows to every process of the job.
test('the GitLab token is never a command-line argument', () => {
  expect(curlArguments()).toMatch(/--header/); // the wrapper saw the calls
  expect(curlArguments()).not.toContain(TOKEN);
});

test('push to the default branch: apply runs alone and ISE takes the file', async () => {
  gitlab.requests.length = 0;
  const r = await pipeline({});
  expect(jobs(r.out)).toEqual(['apply PASS']);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/Apply complete: 3 change\(s\) applied/);
  expect(sim.snapshot().connections.map((c) => c.connectionName)).toEqual(['corp-duo']);
  expect(gitlab.requests).toEqual([]);
  expectNoSecret(r.out);
});

test('schedule, after a change by hand in ISE: drift fails the job (exit 2) and opens an issue', async () => {
  await changeConnectionByHand(sim);
  gitlab.requests.length = 0;
  const r = await pipeline({ CI_PIPELINE_SOURCE: 'schedule', CI_PIPELINE_URL: 'https://gitlab.example/p/1' });
  expect(jobs(r.out)).toEqual(['drift FAIL']);
  expect(r.code).not.toBe(0);
  expect(gitlab.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    'GET /api/v4/projects/1234/issues',
    'POST /api/v4/projects/1234/issues',
  ]);
  expect(gitlab.requests[0].query).toEqual({ state: 'opened', labels: 'ise-duo-drift' });
  const issue = gitlab.requests[1].form;
  expect(issue.title).toBe('ise-duo: ISE differs from the committed configuration');
  expect(issue.labels).toBe('ise-duo-drift');
  expect(issue.description).toContain('changed by hand');
  expect(issue.description).toContain('Found by https://gitlab.example/p/1.');
  expectNoSecret(r.out + JSON.stringify(gitlab.requests));
  expect(curlArguments()).not.toContain(TOKEN);
});

// Helper review of 2026-12-04: the drift issue stayed open after ISE was back in sync.
test('schedule, once ISE is back in sync: drift passes, and the open drift issue is told so and closed', async () => {
  const applied = await pipeline({});
  expect(jobs(applied.out)).toEqual(['apply PASS']);
  gitlab.openIssues = [{ iid: 42 }];
  gitlab.requests.length = 0;
  const r = await pipeline({ CI_PIPELINE_SOURCE: 'schedule', CI_PIPELINE_URL: 'https://gitlab.example/p/2' });
  expect(jobs(r.out)).toEqual(['drift PASS']);
  expect(gitlab.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
    'GET /api/v4/projects/1234/issues',
    'POST /api/v4/projects/1234/issues/42/notes',
    'PUT /api/v4/projects/1234/issues/42',
  ]);
  expect(gitlab.requests[1].form.body).toBe(
    'ISE matches the committed configuration again (https://gitlab.example/p/2).',
  );
  expect(gitlab.requests[2].form).toEqual({ state_event: 'close' });
  gitlab.openIssues = [];
});

// Helper review of 2026-12-04: the recipe said to allow critical changes by running a pipeline with
// ISE_DUO_ALLOW_CRITICAL=true, but a pipeline run by hand (source "web") matched no apply rule.
test('Run pipeline on the default branch with ISE_DUO_ALLOW_CRITICAL=true: apply runs', async () => {
  const r = await pipeline({ CI_PIPELINE_SOURCE: 'web', ISE_DUO_ALLOW_CRITICAL: 'true' });
  expect(jobs(r.out)).toEqual(['apply PASS']);
  expect(r.code).toBe(0);
});
