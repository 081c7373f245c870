/**
 * The GitHub recipe (examples/ci/github-actions.yml) and the action it uses (action.yml, scripts/action/)
 * run locally against the simulator, job by job, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as temp files
 * and a recording fake of the GitHub API for the github-script steps (test/helpers/gha-local.ts). What a
 * person would see is asserted: the pull request comment, the job summary, the drift issue.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/sim';
import { type JobOptions, type JobRun, runJob } from '../helpers/gha-local';
import { DUO_ENV, REPO, siteYaml, tempDir } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const WORKFLOW = join(REPO, 'examples/ci/github-actions.yml');
const MARKER = '<!-- ise-duo-plan -->';

let sim: RunningSimulator;
let workspace: string;
let secrets: Record<string, string>;

function job(name: string, event: string, extra: Partial<JobOptions> = {}): Promise<JobRun> {
  return runJob({
    workflow: WORKFLOW,
    job: name,
    github: { event_name: event },
    secrets,
    workspace,
    ...extra,
  });
}

const outcomes = (r: JobRun) => r.steps.map((s) => [s.name, s.outcome]);
const step = (r: JobRun, name: string) => r.steps.find((s) => s.name === name)!;
const secretValues = () => [DUO_ENV.ISE_PASSWORD, DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.DUO_AUTH_SKEY];

function expectNoSecret(r: JobRun) {
  const everything = JSON.stringify(r);
  for (const value of secretValues()) expect(everything).not.toContain(value);
}

beforeAll(async () => {
  sim = await startTestSimulator();
  workspace = tempDir('ise-duo-gh-workspace-');
  mkdirSync(join(workspace, 'ise'));
  writeFileSync(join(workspace, 'ise/site.yaml'), siteYaml({}));
  secrets = { ...DUO_ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());

describe('the workflow, job by job', () => {
  test('pull request: validate, plan, and the plan posted as a comment; exit code 2 is not a failure', async () => {
    const r = await job('plan', 'pull_request');
    expect(outcomes(r)).toEqual([
      ['actions/checkout@v4', 'skipped'],
      ['Validate (offline)', 'success'],
      ['Plan (read-only)', 'success'],
      ['Comment the plan on the pull request', 'success'],
      ['Fail on a plan error', 'skipped'],
    ]);
    const plan = step(r, 'Plan (read-only)');
    expect(plan.outputs['exit-code']).toBe('2');
    const report = readFileSync(plan.outputs.report, 'utf8');
    expect(report).toMatch(/identity-sync.*corp-ad/);
    expect(r.summary).toContain(report); // the job summary shows the plan too
    expect(r.calls.map((c) => c.method)).toEqual(['listComments', 'createComment']);
    const body = r.calls[1].params.body as string;
    expect(body.startsWith(`${MARKER}\n${report}`)).toBe(true);
    expect(body).toContain('exit code 2 · 0123456');
    expect(r.calls[1].params).toMatchObject({ owner: 'acme', repo: 'network-config', issue_number: 42 });
    expectNoSecret(r);
  });

  test('a second push to the pull request updates the comment instead of adding one', async () => {
    const lists = {
      listComments: [
        { id: 5, body: 'LGTM' },
        { id: 6, body: `${MARKER}\nold plan` },
      ],
    };
    const r = await job('plan', 'pull_request', { lists });
    expect(r.calls.map((c) => [c.method, c.params.comment_id])).toEqual([
      ['listComments', undefined],
      ['updateComment', 6],
    ]);
  });

  test('merge to main: apply, its report in the job summary, ISE changed', async () => {
    const r = await job('apply', 'push');
    expect(outcomes(r)).toEqual([
      ['actions/checkout@v4', 'skipped'],
      ['Apply', 'success'],
    ]);
    expect(step(r, 'Apply').outputs['exit-code']).toBe('0');
    expect(r.summary).toMatch(/applied/i);
    expect(sim.snapshot().connections.map((c) => c.connectionName)).toEqual(['corp-duo']);
    expectNoSecret(r);
  });

  test('a critical change: refused on merge (exit 3), applied when run by hand with allow_critical', async () => {
    const moved = siteYaml({
      connections: [{ name: 'corp-duo', apiHostName: 'api-99999999.duosecurity.com' }],
    });
    writeFileSync(join(workspace, 'ise/site.yaml'), moved);
    try {
      const refused = await job('apply', 'push');
      expect(step(refused, 'Apply')).toMatchObject({ outcome: 'failure', outputs: { 'exit-code': '3' } });
      expect(step(refused, 'Apply').log).toMatch(/::error::ise-duo apply exited 3: refused/);
      const byHand = await job('apply', 'workflow_dispatch', { inputs: { allow_critical: true } });
      expect(step(byHand, 'Apply').log).toMatch(/--yes --allow-critical\n/);
      expect(step(byHand, 'Apply').outputs['exit-code']).toBe('0');
      expect(sim.snapshot().connections[0].accountConfigurations?.apiHostName).toBe(
        'api-99999999.duosecurity.com',
      );
    } finally {
      writeFileSync(join(workspace, 'ise/site.yaml'), siteYaml({}));
      await job('apply', 'workflow_dispatch', { inputs: { allow_critical: true } });
    }
  });

  test('nightly, in sync: drift exits 0 and the open drift issue is closed', async () => {
    const r = await job('drift', 'schedule', { lists: { listForRepo: [{ number: 9 }] } });
    expect(step(r, 'Drift (read-only)').outputs['exit-code']).toBe('0');
    expect(step(r, 'Open or update the drift issue').outcome).toBe('skipped');
    expect(r.calls.map((c) => [c.method, c.params.issue_number, c.params.state])).toEqual([
      ['listForRepo', undefined, 'open'],
      ['createComment', 9, undefined],
      ['update', 9, 'closed'],
    ]);
  });

  test('nightly, drifted: exit 2, an issue opened with the drift report, the job does not fail', async () => {
    writeFileSync(
      join(workspace, 'ise/site.yaml'),
      siteYaml({ connections: [{ name: 'corp-duo', description: 'Edited' }] }),
    );
    try {
      const r = await job('drift', 'schedule');
      expect(outcomes(r).map(([, o]) => o)).toEqual(['skipped', 'success', 'success', 'skipped']);
      const drift = step(r, 'Drift (read-only)');
      expect(drift.outputs['exit-code']).toBe('2');
      const created = r.calls.find((c) => c.method === 'create')!;
      expect(created.params).toMatchObject({
        title: 'ise-duo: ISE differs from the committed configuration',
        labels: ['ise-duo-drift'],
      });
      expect(created.params.body).toContain(readFileSync(drift.outputs.report, 'utf8'));
      expect(created.params.body).toMatch(/description/);
      expectNoSecret(r);
    } finally {
      writeFileSync(join(workspace, 'ise/site.yaml'), siteYaml({}));
    }
  });

  test('ISE unreachable: the plan comment still says what happened, then the job fails', async () => {
    const r = await job('plan', 'pull_request', { secrets: { ...secrets, ISE_URL: 'http://127.0.0.1:1' } });
    expect(step(r, 'Plan (read-only)').outputs['exit-code']).toBe('1');
    expect(step(r, 'Comment the plan on the pull request').outcome).toBe('success');
    expect(r.calls[1].params.body).toContain('exit code 1');
    expect(step(r, 'Fail on a plan error').outcome).toBe('failure');
  });
});

describe('the action on its own', () => {
  function oneStep(withs: Record<string, string>): Promise<JobRun> {
    const dir = tempDir('ise-duo-gh-wf-');
    const workflow = join(dir, 'wf.yml');
    const lines = Object.entries(withs).map(([k, v]) => `          ${k}: ${JSON.stringify(v)}`);
    writeFileSync(
      workflow,
      [
        'on: push',
        'env:',
        ...Object.keys(secrets).map((k) => `  ${k}: \${{ secrets.${k} }}`),
        'jobs:',
        '  one:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - id: it',
        '        uses: your-org/ise-duo@v1',
        '        with:',
        ...lines,
        '',
      ].join('\n'),
    );
    return runJob({ workflow, job: 'one', github: { event_name: 'push' }, secrets, workspace });
  }

  test('validate errors become annotations on the file and line, and fail the step', async () => {
    writeFileSync(join(workspace, 'broken.yaml'), 'version: 2\n');
    const r = await oneStep({ command: 'validate', files: 'broken.yaml' });
    expect(r.steps[0].outcome).toBe('failure');
    expect(r.steps[0].log).toMatch(/^::error file=broken\.yaml,line=1,col=10::"version" must be 1/m);
    expect(r.steps[0].log).toMatch(/::error::ise-duo validate exited 1: an error/);
    expect(r.steps[0].outputs['exit-code']).toBe('1');
  });

  test('json format, several files on separate lines, extra flags, a report file of its own', async () => {
    const report = join(tempDir(), 'out/plan.json');
    writeFileSync(join(workspace, 'ise/copy.yaml'), siteYaml({}));
    const r = await oneStep({
      command: 'plan',
      files: 'ise/site.yaml\n  ise/copy.yaml',
      format: 'json',
      args: '--log-level warn',
      'report-file': report,
      'step-summary': 'false',
    });
    expect(r.steps[0].outcome).toBe('success');
    expect(r.steps[0].log).toContain(
      'ise-duo plan ise/site.yaml ise/copy.yaml --format json --detailed-exitcode --log-level warn\n',
    );
    expect(r.steps[0].outputs).toEqual({ 'exit-code': '0', report });
    const fleet = JSON.parse(readFileSync(report, 'utf8'));
    expect(fleet).toMatchObject({ command: 'plan', exitCode: 0 });
    expect(fleet.targets).toHaveLength(2);
    expect(r.summary).toBe('');
  });

  // Helper review of 2026-12-04: `args` and `ok-exit-codes` written on separate lines kept their first
  // line only (a `--shard` on the second line was dropped, and the whole fleet checked).
  test('args and ok-exit-codes on separate lines: every line is taken', async () => {
    const r = await oneStep({
      command: 'plan',
      files: 'ise/site.yaml',
      format: 'json',
      args: '--log-level warn\n--parallelism 2',
      'ok-exit-codes': '0\n2',
      'step-summary': 'false',
    });
    expect(r.steps[0].outcome).toBe('success');
    expect(r.steps[0].log).toContain('--log-level warn --parallelism 2\n');
  });

  test('a command that is not one refuses before running anything', async () => {
    const r = await oneStep({ command: 'destroy', files: 'ise/site.yaml' });
    expect(r.steps[0].outcome).toBe('failure');
    expect(r.steps[0].log).toContain(
      '::error::input command must be validate, plan, apply or drift, not "destroy"',
    );
  });
});
