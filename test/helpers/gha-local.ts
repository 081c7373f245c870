/**
 * Runs one job of a GitHub Actions workflow on this machine, the way a runner would as far as this
 * repository's recipe needs: `run:` steps in bash with GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY as
 * temp files, the ise-duo action (action.yml) as the composite action it is, and actions/github-script
 * steps with a recording fake of the GitHub API, and actions/upload-artifact and download-artifact as copies
 * into and out of a folder that stands for the workflow run's artifacts. checkout and setup-node are not
 * needed here (the workspace is given; this Node runs the scripts) and are recorded as skipped. Commands run
 * as child processes, asynchronously, so a simulator in the test's own process keeps answering.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { type Contexts, condition, interpolate } from './gha-expr';
import { REPO, tempDir } from './harness';

type Step = { id?: string; name?: string; if?: string; uses?: string; run?: string; shell?: string } & {
  env?: Record<string, string>;
  with?: Record<string, string>;
};
export interface StepRecord {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  log: string;
}
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
}
export interface JobOptions {
  workflow: string;
  job: string;
  github: { event_name: string; ref?: string; sha?: string };
  inputs?: Record<string, unknown>;
  secrets: Record<string, string>;
  /** The checked-out repository the job works in. */
  workspace: string;
  /** The job's matrix values, for a job with a strategy.matrix (`${{ matrix.shard }}`). */
  matrix?: Record<string, unknown>;
  /** The workflow run's artifacts, one folder per artifact name, shared by the jobs of one run. */
  artifacts?: string;
  /** What the fake API's list calls return, by method name (listComments, listForRepo). */
  lists?: Record<string, unknown[]>;
}
export interface JobRun {
  steps: StepRecord[];
  summary: string;
  calls: ApiCall[];
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
    }
  }
  return out;
}

function bash(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; log: string }> {
  const file = join(tempDir('ise-duo-gha-step-'), 'step.sh');
  writeFileSync(file, script);
  return new Promise((resolvePromise) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    child.on('close', (code) => resolvePromise({ code: code ?? 1, log }));
  });
}

const evalMap = (map: Record<string, unknown> | undefined, ctx: Contexts) =>
  Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));

export async function runJob(options: JobOptions): Promise<JobRun> {
  const workflow = parse(readFileSync(options.workflow, 'utf8'));
  const job = workflow.jobs[options.job];
  const github = { ref: 'refs/heads/main', sha: '0123456789abcdef', ...options.github };
  const base = {
    github,
    inputs: options.inputs ?? {},
    secrets: options.secrets,
    matrix: options.matrix ?? {},
  };
  const runnerTemp = tempDir('ise-duo-runner-');
  const files = { GITHUB_ENV: join(runnerTemp, 'env'), GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary') };
  const env: Record<string, string> = evalMap(workflow.env, { ...base, env: {} });
  Object.assign(env, evalMap(job.env, { ...base, env }));
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const records: StepRecord[] = [];
  const calls: ApiCall[] = [];
  let status: 'success' | 'failure' = 'success';

  const processEnv = (stepEnv: Record<string, string>, outputFile: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: options.workspace,
    ...env,
    ...readOutputs(files.GITHUB_ENV),
    ...stepEnv,
    ...files,
    GITHUB_OUTPUT: outputFile,
  });

  async function shellStep(script: string, stepEnv: Record<string, string>) {
    const outputFile = join(tempDir('ise-duo-gha-out-'), 'output');
    const r = await bash(script, processEnv(stepEnv, outputFile), options.workspace);
    return { ok: r.code === 0, outputs: readOutputs(outputFile), log: r.log };
  }

  async function actionStep(withs: Record<string, string>) {
    const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8'));
    for (const key of Object.keys(withs)) if (!(key in action.inputs)) throw new Error(`no input ${key}`);
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries<{ required?: boolean; default?: string }>(action.inputs)) {
      inputs[name] = withs[name] ?? spec.default ?? '';
      if (spec.required && !inputs[name]) throw new Error(`the action needs input ${name}`);
    }
    const inner: Record<string, { outputs: Record<string, string> }> = {};
    let log = '';
    let ok = true;
    for (const step of action.runs.steps as Step[]) {
      const ctx = { ...base, inputs, env, steps: inner };
      if (!condition(step.if, ctx) || step.uses?.startsWith('actions/setup-node@')) continue;
      if (!step.run || step.shell !== 'bash') throw new Error(`action step not runnable here: ${step.name}`);
      const r = await shellStep(interpolate(step.run, ctx), {
        ...evalMap(step.env, ctx),
        GITHUB_ACTION_PATH: REPO,
      });
      log += r.log;
      if (step.id) inner[step.id] = { outputs: r.outputs };
      if (!r.ok) {
        ok = false;
        break;
      }
    }
    const outputs = evalMap(
      Object.fromEntries(Object.entries<{ value: string }>(action.outputs).map(([k, v]) => [k, v.value])),
      { steps: inner },
    );
    return { ok, outputs, log };
  }

  async function scriptStep(script: string, stepEnv: Record<string, string>) {
    const record = (method: string) => async (params: Record<string, unknown>) => {
      calls.push({ method, params });
      return { data: options.lists?.[method] ?? { id: calls.length } };
    };
    const issues = Object.fromEntries(
      ['listComments', 'createComment', 'updateComment', 'listForRepo', 'create', 'update'].map((m) => [
        m,
        Object.assign(record(m), { method: m }),
      ]),
    );
    const api = {
      rest: { issues },
      paginate: async (fn: { method: string }, params: Record<string, unknown>) => {
        calls.push({ method: fn.method, params });
        return options.lists?.[fn.method] ?? [];
      },
    };
    const context = {
      repo: { owner: 'acme', repo: 'network-config' },
      issue: { number: 42 },
      sha: github.sha,
      serverUrl: 'https://github.example',
      runId: 7,
    };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
    const fn = new AsyncFunction('require', 'github', 'context', 'process', script);
    try {
      await fn(require, api, context, { env: processEnv(stepEnv, '/dev/null') });
      return { ok: true, outputs: {}, log: '' };
    } catch (e) {
      return { ok: false, outputs: {}, log: String(e) };
    }
  }

  /**
   * upload-artifact: the files under `path` (a folder's contents, as the real action roots them), or the one
   * file `path` names; a relative path is from the workspace, an absolute one (the runner's temp) as is.
   */
  function uploadStep(withs: Record<string, string>) {
    if (!options.artifacts) throw new Error('upload-artifact needs JobOptions.artifacts');
    const from = resolve(options.workspace, withs.path ?? '');
    if (existsSync(from) && statSync(from).isFile()) {
      mkdirSync(join(options.artifacts, withs.name), { recursive: true });
      cpSync(from, join(options.artifacts, withs.name, basename(from)));
      return { ok: true, outputs: {}, log: '' };
    }
    if (!existsSync(from) || readdirSync(from).length === 0) {
      // The real action's if-no-files-found: warn (its default) and ignore succeed, error fails.
      const mode = withs['if-no-files-found'] ?? 'warn';
      return { ok: mode !== 'error', outputs: {}, log: mode === 'ignore' ? '' : `no files in ${withs.path}` };
    }
    cpSync(from, join(options.artifacts, withs.name), { recursive: true });
    return { ok: true, outputs: {}, log: '' };
  }

  /** download-artifact: every artifact matching `pattern` (`*` only), merged into `path` or one folder each. */
  function downloadStep(withs: Record<string, string>) {
    if (!options.artifacts) throw new Error('download-artifact needs JobOptions.artifacts');
    const pattern = new RegExp(`^${(withs.pattern ?? '*').split('*').map(escapeRegExp).join('.*')}$`);
    const names = existsSync(options.artifacts) ? readdirSync(options.artifacts) : [];
    const to = join(options.workspace, withs.path ?? '.');
    mkdirSync(to, { recursive: true });
    for (const name of names.filter((n) => pattern.test(n))) {
      const into = withs['merge-multiple'] === 'true' ? to : join(to, name);
      cpSync(join(options.artifacts, name), into, { recursive: true });
    }
    return { ok: true, outputs: {}, log: '' };
  }

  for (const step of job.steps as Step[]) {
    const ctx: Contexts = { ...base, env, steps, status };
    // A step's name is an expression too (`Plan, shard ${{ matrix.shard }} of 4`).
    const name = interpolate(step.name ?? step.uses ?? 'run', ctx);
    if (!condition(step.if, ctx) || /^actions\/(checkout|setup-node)@/.test(step.uses ?? '')) {
      records.push({ name, outcome: 'skipped', outputs: {}, log: '' });
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped' };
      continue;
    }
    const stepEnv = evalMap(step.env, ctx);
    const withs = evalMap(step.with, ctx);
    let r: { ok: boolean; outputs: Record<string, string>; log: string };
    if (step.run) r = await shellStep(interpolate(step.run, ctx), stepEnv);
    else if (/\/ise-duo@/.test(step.uses ?? '')) r = await actionStep(withs);
    else if (step.uses?.startsWith('actions/github-script@'))
      r = await scriptStep(withs.script ?? '', stepEnv);
    else if (step.uses?.startsWith('actions/upload-artifact@')) r = uploadStep(withs);
    else if (step.uses?.startsWith('actions/download-artifact@')) r = downloadStep(withs);
    else throw new Error(`step "${name}" uses ${step.uses}, which this runner does not know`);
    const outcome = r.ok ? 'success' : 'failure';
    if (!r.ok) status = 'failure';
    records.push({ name, outcome, outputs: r.outputs, log: r.log });
    if (step.id) steps[step.id] = { outputs: r.outputs, outcome };
  }
  const summary = existsSync(files.GITHUB_STEP_SUMMARY)
    ? readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
    : '';
  return { steps: records, summary, calls };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
