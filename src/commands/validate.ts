/**
 * `ise-duo validate <files...>`: checks desired-state files offline and prints every problem as
 * `file:line:col: error: message` (the format editors and CI annotators parse), or as a JSON array.
 *
 * A folder argument stands for the `*.yaml`/`*.yml` files directly in it (the expansion every command
 * shares, src/files/expand-paths.ts), so a fleet of site files is one command. Files are checked one after another and all are reported: one broken file must not hide the
 * state of the others. Exit code 1 when any file has an error; warnings alone exit 0.
 */
import { type LoadResult, loadDesiredState } from '../desired/load';
import type { Issue } from '../errors';
import { ExitCode } from '../exit-codes';
import { type ExpandedFile, expandPaths } from '../files/expand-paths';
import type { DesiredState } from '../model/state';
import { formatIssue } from '../render/issues';
import type { CommandContext, CommandResult } from '../runtime/context';

export interface ValidateOptions {
  files: string[];
  format: 'text' | 'json';
  /** Also check AD join point and group names against ISE, read-only (see `src/pipeline/validate-online.ts`). */
  online?: boolean;
  iseUrl?: string;
}

/** Expands folders into their YAML files (src/files/expand-paths.ts); each problem becomes an issue. */
function expand(args: string[], cwd: string): { targets: ExpandedFile[]; issues: Issue[] } {
  const { files, problems } = expandPaths(args, cwd);
  const issues = problems.map(
    (p): Issue => ({
      file: p.shown,
      line: 0,
      column: 0,
      pointer: '',
      message: p.hint ? `${p.message}; ${p.hint}` : p.message,
      severity: 'error',
    }),
  );
  return { targets: files, issues };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function summary(shown: string, desired: DesiredState): string {
  const mfa = desired.mfa.enabled ? 'MFA on' : 'MFA off';
  const syncs = plural(desired.identitySyncs.length, 'identity sync');
  const connections = plural(desired.duoConnections.length, 'Duo connection');
  // Rules are opt-in: a file without mfaPolicies keeps the short summary.
  const ruleCount = desired.mfaPolicies.reduce((n, p) => n + p.rules.length, 0);
  const rules = desired.mfaPolicies.length
    ? `, ${plural(ruleCount, 'MFA rule')} in ${plural(desired.mfaPolicies.length, 'policy set')}`
    : '';
  return `${shown}: valid (${mfa}, ${syncs}, ${connections}${rules}${desired.prune ? ', prune on' : ''})`;
}

function relabel(result: LoadResult, shown: string): Issue[] {
  const issues = result.ok ? result.warnings : result.issues;
  return issues.map((issue) => ({ ...issue, file: shown }));
}

export async function validate(options: ValidateOptions, ctx: CommandContext): Promise<CommandResult> {
  const { targets, issues: all } = expand(options.files, ctx.cwd);
  const lines: string[] = all.map(formatIssue);
  for (const target of targets) {
    const result = await loadDesiredState(target.path, ctx.env);
    const issues = relabel(result, target.shown);
    if (options.online) {
      // Loaded only when asked: it brings the HTTP client, which offline validation must not pay for at start-up.
      const { onlineIssues } = await import('../pipeline/validate-online');
      issues.push(...(await onlineIssues(result, target.path, target.shown, options, ctx)));
    }
    all.push(...issues);
    lines.push(...issues.map(formatIssue));
    if (result.ok && !issues.some((i) => i.severity === 'error'))
      lines.push(summary(target.shown, result.desired));
  }
  if (options.format === 'json') {
    const records = all.map(({ file, line, column, pointer, message, severity }) => ({
      file,
      line,
      column,
      pointer,
      message,
      severity,
    }));
    ctx.out(`${JSON.stringify(records, null, 2)}\n`);
  } else if (lines.length > 0) {
    ctx.out(`${lines.join('\n')}\n`);
  }
  const failed = all.some((issue) => issue.severity === 'error');
  return { exitCode: failed ? ExitCode.ERROR : ExitCode.OK };
}
