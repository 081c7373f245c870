/**
 * A fleet apply writes nothing unless every target's input is good: every file loads and validates, and
 * names an ISE with credentials. Otherwise one typo in one site's file, or a path mistyped on the command
 * line, failed only that target while the others were applied, and the run still exited 1, the code that
 * says nothing was written. octoDNS and Terraform check all their configuration before the first change
 * too. Loading each file twice more (the second time against every file's secrets) costs under a
 * millisecond a file, against a run that writes.
 */
import { type LoadResult, loadNamedFile } from '../desired/load';
import { ConfigError, type Issue, UsageError } from '../errors';
import { resolveTarget } from '../pipeline/target';

export const HINT =
  'a fleet apply writes nothing until every target is valid: fix these, or leave the files out';

/** What is wrong with one target's input: its file's issues, or why it names no ISE to talk to. */
export type TargetProblem = { file: string; issues: Issue[] } | { file: string; noTarget: string };

/** Every target's input problems, file by file (none: the apply may start). */
export async function badTargets(
  files: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  iseUrl?: string,
): Promise<TargetProblem[]> {
  const problems: TargetProblem[] = [];
  const loaded: LoadResult[] = [];
  for (const file of files) loaded.push(await loadNamedFile(file, cwd, env)); // one open file at a time
  // Every file's keys and password: a file may not print another's either (its description holding the Duo
  // key of the site beside it would be written to its ISE and printed). Checked again with all of them.
  const secrets = [
    ...new Set(
      loaded.flatMap((l) =>
        l.ok ? [...l.desired.secrets.revealAll(), l.desired.target.password?.reveal() ?? ''] : [],
      ),
    ),
  ].filter((s) => s !== '');
  for (const [i, file] of files.entries()) {
    const first = loaded[i]!;
    const result = first.ok && secrets.length > 0 ? await loadNamedFile(file, cwd, env, secrets) : first;
    if (!result.ok) {
      problems.push({ file, issues: result.issues });
      continue;
    }
    try {
      resolveTarget(result.desired.target, env, { iseUrl, secrets: result.desired.secrets.revealAll() });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      problems.push({ file, noTarget: err.message });
    }
  }
  return problems;
}

/** The one error for all of them: the files' issues first (a file that does not load may name no ISE either). */
export function badTargetsError(problems: TargetProblem[]): ConfigError | UsageError {
  const issues = problems.flatMap((p) => ('issues' in p ? p.issues : []));
  if (issues.length) return new ConfigError(issues, HINT);
  const targets = problems.flatMap((p) => ('noTarget' in p ? [`${p.file}: ${p.noTarget}`] : []));
  return new UsageError(`no write was sent: ${targets.join('; ')}`, HINT);
}

/** One target's part of the refusal, for the fleet report. */
export function targetProblemError(problem: TargetProblem): ConfigError | UsageError {
  return 'issues' in problem ? new ConfigError(problem.issues, HINT) : new UsageError(problem.noTarget, HINT);
}
