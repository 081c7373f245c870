/**
 * `ise-duo validate <files...>`: checks desired-state files offline and prints every problem as
 * `file:line:col: error: message` (the format editors and CI annotators parse), or as a JSON array.
 *
 * A folder argument stands for the `*.yaml`/`*.yml` files directly in it, so a fleet of site files is one
 * command. Files are checked one after another and all are reported: one broken file must not hide the
 * state of the others. Exit code 1 when any file has an error; warnings alone exit 0.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type LoadResult, loadDesiredState } from '../desired/load';
import type { Issue } from '../errors';
import { ExitCode } from '../exit-codes';
import type { DesiredState } from '../model/state';
import { formatIssue } from '../render/issues';
import type { CommandContext, CommandResult } from '../runtime/context';

export interface ValidateOptions {
  files: string[];
  format: 'text' | 'json';
  /** Also check AD join point and group names against ISE, read-only (see `src/online/validate-online.ts`). */
  online?: boolean;
  iseUrl?: string;
}

/** A file to check: the path to read, and the name to show (as the user wrote it). */
interface Target {
  path: string;
  shown: string;
}

const YAML_FILE = /\.ya?ml$/i;

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false; // the loader reports the missing or unreadable file
  }
}

/** Expands folders into their YAML files; an empty folder becomes an issue. */
async function expand(args: string[], cwd: string): Promise<{ targets: Target[]; issues: Issue[] }> {
  const targets: Target[] = [];
  const issues: Issue[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    if (!(await isFolder(path))) {
      targets.push({ path, shown: arg });
      continue;
    }
    const names = (await readdir(path, { withFileTypes: true }))
      .filter((entry) => !entry.isDirectory() && YAML_FILE.test(entry.name))
      .map((entry) => entry.name)
      .sort();
    if (names.length === 0) {
      const message = 'the folder holds no .yaml or .yml files to validate';
      issues.push({ file: arg, line: 0, column: 0, pointer: '', message, severity: 'error' });
    }
    for (const name of names) targets.push({ path: join(path, name), shown: join(arg, name) });
  }
  return { targets, issues };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function summary(shown: string, desired: DesiredState): string {
  const mfa = desired.mfa.enabled ? 'MFA on' : 'MFA off';
  const syncs = plural(desired.identitySyncs.length, 'identity sync');
  const connections = plural(desired.duoConnections.length, 'Duo connection');
  return `${shown}: valid (${mfa}, ${syncs}, ${connections}${desired.prune ? ', prune on' : ''})`;
}

function relabel(result: LoadResult, shown: string): Issue[] {
  const issues = result.ok ? result.warnings : result.issues;
  return issues.map((issue) => ({ ...issue, file: shown }));
}

export async function validate(options: ValidateOptions, ctx: CommandContext): Promise<CommandResult> {
  const { targets, issues: all } = await expand(options.files, ctx.cwd);
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
