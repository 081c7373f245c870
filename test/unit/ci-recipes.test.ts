/**
 * The CI recipes in examples/ci/ must keep working as the CLI changes: every `ise-duo …` command they run
 * must name a real subcommand, and every flag must exist for it. The truth is the built CLI's own `--help`
 * (commander prints every option it accepts), read as a real process, so the test follows the CLI with no
 * list of its own to maintain.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EXIT_CODE_TABLE } from '../../src/exit-codes';
import { optionNames, section } from '../helpers/cli-help';
import { CLI, REPO } from '../helpers/harness';

const CI_DIR = join(REPO, 'examples/ci');

function help(args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8' });
}

interface CliSurface {
  commands: Map<string, Set<string>>;
  global: Set<string>;
}

/** Every subcommand with its flags, and the global flags, as the built CLI reports them. */
function cliSurface(): CliSurface {
  const top = help([]);
  const global = new Set(optionNames(top));
  const names = section(top, 'Commands')
    .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
    .filter((n): n is string => !!n && n !== 'help');
  const commands = new Map(names.map((name) => [name, new Set(optionNames(help([name])))]));
  return { commands, global };
}

interface Invocation {
  line: string;
  command: string;
  flags: string[];
}

/** Splits a shell line into words, keeping quoted strings whole (quotes removed). */
function words(segment: string): string[] {
  return (segment.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''));
}

/**
 * Finds `ise-duo <command> …` (or `npx ise-duo …`) where a shell command starts: at the start of a line or
 * after `;`, `&&`, `||`, `|`, `$(`, `then`, `else`, `!`. The arguments end at a redirection or operator.
 */
function invocations(script: string): Invocation[] {
  const logical = script.replace(/\\\n\s*/g, ' ');
  const found: Invocation[] = [];
  for (const line of logical.split('\n')) {
    const starts = line.split(/;|&&|\|\||\||\$\(/);
    for (const raw of starts) {
      const segment = raw.trim().replace(/^(?:(?:then|else|do|if|!)\s+)+/, '');
      const m = /^(?:npx\s+(?:--yes\s+)?)?ise-duo\s+(.*)$/.exec(segment);
      if (!m) continue;
      const args = words(m[1]);
      const end = args.findIndex((w) => /^(?:\d?>|<|\))/.test(w));
      const kept = end < 0 ? args : args.slice(0, end);
      found.push({
        line: line.trim(),
        command: kept[0] ?? '',
        flags: kept.filter((w) => w.startsWith('-')).map((w) => w.split('=')[0]),
      });
    }
  }
  return found;
}

type GithubStep = { run?: string; uses?: string; with?: Record<string, string> };

/**
 * Every ise-duo command line in a GitHub Actions workflow: the `run` of every step, and each step that uses
 * the ise-duo action, written as the command line scripts/action/run.sh builds from its inputs (it adds
 * `--format`, `--detailed-exitcode` to plan and `--yes` to apply; test/integration/github-action.test.ts
 * runs it and sees them).
 */
function githubScripts(doc: Record<string, unknown>): string[] {
  const jobs = (doc.jobs ?? {}) as Record<string, { steps?: GithubStep[] }>;
  const implied: Record<string, string> = { plan: ' --detailed-exitcode', apply: ' --yes' };
  return Object.values(jobs).flatMap((job) =>
    (job.steps ?? []).flatMap((s) => {
      if (s.run) return [s.run];
      if (!/\/ise-duo@/.test(s.uses ?? '')) return [];
      const command = s.with?.command ?? '';
      const flags = (s.with?.args ?? '').match(/--[a-z][\w-]*/g) ?? [];
      return [`ise-duo ${command} files --format x${implied[command] ?? ''} ${flags.join(' ')}`];
    }),
  );
}

/** Every shell script in a GitLab CI file: script, before_script and after_script of every job and default. */
/**
 * Every script line of every job. GitLab refuses a pipeline whose script holds anything but strings (a plain
 * YAML line with `: ` in it parses as a mapping: "script contains non string value"), so such a line fails
 * here rather than being read as the text "[object Object]".
 */
function gitlabScripts(doc: Record<string, unknown>): string[] {
  /** A `!reference [job, key]` line stands for that job's lines (GitLab expands it, one level here). */
  const expand = (line: unknown): unknown[] => {
    if (!(line instanceof GitlabReference)) return [line];
    const [job, key] = line.path;
    const target = (doc[job] as Record<string, unknown> | undefined)?.[key];
    if (target === undefined) throw new Error(`!reference [${line.path.join(', ')}] names nothing`);
    return Array.isArray(target) ? target : [target];
  };
  return Object.entries(doc).flatMap(([name, job]) => {
    // Hidden jobs (`.gitlab-api`) run only where a job references them.
    if (name.startsWith('.') || !job || typeof job !== 'object' || Array.isArray(job)) return [];
    const j = job as Record<string, unknown>;
    const asList = (key: string): string[] => {
      const v = j[key];
      const lines = (v === undefined ? [] : Array.isArray(v) ? v : [v]).flatMap(expand);
      const bad = lines.find((line) => typeof line !== 'string');
      if (bad !== undefined)
        throw new Error(`${name}.${key} holds a non-string line: ${JSON.stringify(bad)}`);
      return lines as string[];
    };
    return [...asList('before_script'), ...asList('script'), ...asList('after_script')];
  });
}

/** GitLab's `!reference [job, key]`, kept as what it names. */
class GitlabReference {
  constructor(readonly path: string[]) {}
}
const GITLAB_TAGS = [
  {
    tag: '!reference',
    collection: 'seq' as const,
    resolve: (seq: { toJSON(): unknown }) => new GitlabReference(seq.toJSON() as string[]),
  },
];

const RECIPES: Array<[string, (doc: Record<string, unknown>) => string[]]> = [
  ['github-actions.yml', githubScripts],
  ['gitlab-ci.yml', gitlabScripts],
];

describe('the command-line parser used by this test', () => {
  it('finds commands after operators and in substitutions, and stops at redirections', () => {
    const script = [
      'set +e',
      'ise-duo plan "$F" --format markdown --detailed-exitcode > plan.md',
      'code=$(npx ise-duo drift a.yaml --format=json 2>/dev/null) && ise-duo validate x \\',
      '  --format json',
      'if [ -n "$X" ]; then ise-duo apply f --yes | tee out; fi',
      'echo "ise-duo is not a command here"',
    ].join('\n');
    expect(invocations(script).map((i) => [i.command, i.flags])).toEqual([
      ['plan', ['--format', '--detailed-exitcode']],
      ['drift', ['--format']],
      ['validate', ['--format']],
      ['apply', ['--yes']],
    ]);
  });
});

describe.each(RECIPES)('examples/ci/%s', (file, scriptsOf) => {
  const text = readFileSync(join(CI_DIR, file), 'utf8');
  const doc = parse(text, { customTags: GITLAB_TAGS }) as Record<string, unknown>;
  const calls = scriptsOf(doc).flatMap(invocations);
  const surface = cliSurface();

  it('runs validate, plan, apply and drift', () => {
    expect(new Set(calls.map((c) => c.command))).toEqual(new Set(['validate', 'plan', 'apply', 'drift']));
  });

  it('plans with --format markdown --detailed-exitcode, and applies with --yes', () => {
    const plans = calls.filter((c) => c.command === 'plan');
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans)
      expect(p.flags).toEqual(expect.arrayContaining(['--format', '--detailed-exitcode']));
    for (const a of calls.filter((c) => c.command === 'apply')) expect(a.flags).toContain('--yes');
  });

  it('uses only subcommands and flags the CLI has', () => {
    const problems = calls.flatMap((c) => {
      const flags = surface.commands.get(c.command);
      if (!flags) return [`unknown command "${c.command}" in: ${c.line}`];
      return c.flags
        .filter((f) => !flags.has(f) && !surface.global.has(f))
        .map((f) => `"${c.command}" has no flag ${f}, in: ${c.line}`);
    });
    expect(problems).toEqual([]);
  });

  it('takes ISE and Duo credentials from the CI secret store, never from the file', () => {
    for (const name of ['ISE_URL', 'ISE_USERNAME', 'ISE_PASSWORD', 'DUO_ADMIN_SKEY', 'DUO_AUTH_SKEY']) {
      expect(text).toContain(name);
    }
    if (file === 'github-actions.yml') {
      const env = doc.env as Record<string, string>;
      expect(env.ISE_PASSWORD).toBe('${{ secrets.ISE_PASSWORD }}');
      expect(env.DUO_ADMIN_SKEY).toBe('${{ secrets.DUO_ADMIN_SKEY }}');
    }
  });
});

describe('one apply at a time per ISE', () => {
  type Job = { concurrency?: unknown; environment?: { name?: string } | string; resource_group?: unknown };
  const load = (file: string) =>
    parse(readFileSync(join(CI_DIR, file), 'utf8'), { customTags: GITLAB_TAGS }) as Record<string, unknown>;

  it('GitHub: the apply job is in a concurrency group that queues rather than cancels', () => {
    const apply = (load('github-actions.yml').jobs as Record<string, Job>).apply;
    expect(apply.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
    expect(apply.environment).toBeTruthy();
  });

  it('GitLab: the apply job holds a resource group', () => {
    const apply = load('gitlab-ci.yml').apply as Job;
    expect(apply.resource_group).toEqual(expect.any(String));
    expect(apply.environment).toMatchObject({ name: expect.any(String) });
  });
});

describe('sharded fleet recipes (examples/ci/*-fleet.yml)', () => {
  const load = (file: string) =>
    parse(readFileSync(join(CI_DIR, file), 'utf8'), { customTags: GITLAB_TAGS }) as Record<string, unknown>;
  const surface = cliSurface();
  const check = (calls: Invocation[]) =>
    calls.flatMap((c) => {
      const flags = surface.commands.get(c.command);
      if (!flags) return [`unknown command "${c.command}" in: ${c.line}`];
      return c.flags
        .filter((f) => !flags.has(f) && !surface.global.has(f))
        .map((f) => `no flag ${f}: ${c.line}`);
    });

  it('GitHub: a matrix of shards drifts with --shard K/N, and a job after them merges the reports; plan and apply shards', () => {
    const doc = load('github-actions-fleet.yml');
    const jobs = doc.jobs as Record<string, { needs?: string; strategy?: { matrix?: { shard?: number[] } } }>;
    const shards = jobs.drift.strategy?.matrix?.shard ?? [];
    expect(shards).toEqual([1, 2, 3, 4]);
    const calls = githubScripts(doc).flatMap(invocations);
    const drift = calls.find((c) => c.command === 'drift');
    expect(drift?.flags).toEqual(expect.arrayContaining(['--shard', '--format']));
    expect(readFileSync(join(CI_DIR, 'github-actions-fleet.yml'), 'utf8')).toContain(
      `--shard \${{ matrix.shard }}/${shards.length}`,
    );
    expect(jobs.report.needs).toBe('drift');
    // The reviewed fleet apply: plan shards save plans (--out), apply shards apply exactly them (--plan).
    expect(calls.find((c) => c.command === 'plan')?.flags).toEqual(
      expect.arrayContaining(['--shard', '--out']),
    );
    expect(calls.find((c) => c.command === 'apply')?.flags).toEqual(
      expect.arrayContaining(['--shard', '--plan']),
    );
    expect(jobs.apply.needs).toBe('plan');
    expect(calls.some((c) => c.command === 'fleet-report' && c.line.includes('fleet-report merge'))).toBe(
      true,
    );
    expect(check(calls)).toEqual([]);
  });

  it('GitLab: a parallel:matrix of shards drifts with --shard, and a job that needs them merges; plan and apply shards', () => {
    // Included beside gitlab-ci.yml, as it says: its jobs reference that file's `.gitlab-api`.
    const single = load('gitlab-ci.yml');
    const doc: Record<string, unknown> = {
      '.gitlab-api': single['.gitlab-api'],
      ...load('gitlab-ci-fleet.yml'),
    };
    const job = doc['drift-fleet'] as { parallel: { matrix: Array<{ SHARD: string[] }> } };
    expect(job.parallel.matrix[0].SHARD).toEqual(['1/4', '2/4', '3/4', '4/4']);
    const calls = gitlabScripts(doc).flatMap(invocations);
    expect(calls.find((c) => c.command === 'drift')?.flags).toEqual(expect.arrayContaining(['--shard']));
    expect(calls.find((c) => c.command === 'plan')?.flags).toEqual(
      expect.arrayContaining(['--shard', '--out']),
    );
    expect(calls.find((c) => c.command === 'apply')?.flags).toEqual(
      expect.arrayContaining(['--shard', '--plan']),
    );
    const merge = doc['drift-fleet-report'] as { needs: Array<{ job: string }> };
    expect(merge.needs[0].job).toBe('drift-fleet');
    expect(calls.some((c) => c.command === 'fleet-report' && c.line.includes('fleet-report merge'))).toBe(
      true,
    );
    expect(check(calls)).toEqual([]);
  });
});

describe('the action knows every exit code', () => {
  it('scripts/action/run.sh explains each non-zero code of src/exit-codes.ts, and action.yml lists them all', () => {
    const script = readFileSync(join(REPO, 'scripts/action/run.sh'), 'utf8');
    const action = readFileSync(join(REPO, 'action.yml'), 'utf8');
    const codes = EXIT_CODE_TABLE.map(([code]) => code).filter((code) => code !== 0);
    expect(codes.filter((code) => !new RegExp(`^ {2}${code}\\) meaning="`, 'm').test(script))).toEqual([]);
    const described = /exit-code:\n\s+description: "([^"]+)"/.exec(action)?.[1] ?? '';
    expect(codes.filter((code) => !new RegExp(`\\b${code} [a-z]`).test(described))).toEqual([]);
  });
});
