/**
 * `ise-duo validate <files...>`: checks desired-state files offline and prints every problem as
 * `file:line:col: error: message` (the format editors and CI annotators parse), or as a JSON array.
 *
 * A folder argument stands for the `*.yaml`/`*.yml` files directly in it (the expansion every command
 * shares, src/files/expand-paths.ts), so a fleet of site files is one command. Files are checked one after another and all are reported: one broken file must not hide the
 * state of the others. Exit code 1 when any file has an error; warnings alone exit 0.
 */
import { caFileIssues } from '../desired/ca-file-check';
import { type LoadResult, loadDesiredState } from '../desired/load';
import type { Issue } from '../errors';
import { ExitCode } from '../exit-codes';
import { type ExpandedFile, expandPaths } from '../files/expand-paths';
import { parseIseUrl } from '../model/ise-url';
import { renderValidateReport, type ValidatedFile } from '../render/validate-report';
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

function relabel(result: LoadResult, shown: string): Issue[] {
  const issues = result.ok ? result.warnings : result.issues;
  return issues.map((issue) => ({ ...issue, file: shown }));
}

export async function validate(options: ValidateOptions, ctx: CommandContext): Promise<CommandResult> {
  // Checked offline too: `validate --ise-url ftp://x` passed, and the plan that used it failed.
  if (options.iseUrl !== undefined) parseIseUrl(options.iseUrl, '--ise-url');
  const { targets, issues: unread } = expand(options.files, ctx.cwd);
  const checked: ValidatedFile[] = [];
  for (const target of targets) {
    const result = await loadDesiredState(target.path, ctx.env);
    const issues = relabel(result, target.shown);
    if (result.ok) issues.push(...(await caFileIssues(result.desired, target.path, target.shown)));
    if (options.online) {
      // Loaded only when asked: it brings the HTTP client, which offline validation must not pay for at start-up.
      const { onlineIssues } = await import('../pipeline/validate-online');
      issues.push(...(await onlineIssues(result, target.path, target.shown, options, ctx)));
    }
    const valid = result.ok && !issues.some((i) => i.severity === 'error') ? result.desired : undefined;
    checked.push({ shown: target.shown, issues, valid });
  }
  ctx.out(renderValidateReport(unread, checked, options.format));
  const failed = [...unread, ...checked.flatMap((f) => f.issues)].some((i) => i.severity === 'error');
  return { exitCode: failed ? ExitCode.ERROR : ExitCode.OK };
}
