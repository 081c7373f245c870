/**
 * What `validate` prints: in text, every problem as a `formatIssue` line, each file's problems in a row and,
 * for a file with no error, a one-line summary of what it declares; in JSON, one array of every problem
 * (position, pointer, message, severity) and nothing else, for tools.
 */
import type { Issue } from '../errors';
import type { DesiredState } from '../model/state';
import { formatIssue } from './issues';
import { renderJson } from './json';

/** One checked file: its problems, and what it declares once it has no error. */
export interface ValidatedFile {
  shown: string;
  issues: Issue[];
  valid?: DesiredState;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function validSummary(shown: string, desired: DesiredState): string {
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

/** `unread`: the arguments that named no file to check (a missing path, a folder without YAML files). */
export function renderValidateReport(
  unread: Issue[],
  files: ValidatedFile[],
  format: 'text' | 'json',
): string {
  if (format === 'json') {
    const all = [...unread, ...files.flatMap((f) => f.issues)];
    return renderJson(
      all.map(({ file, line, column, pointer, message, severity }) => ({
        file,
        line,
        column,
        pointer,
        message,
        severity,
      })),
    );
  }
  const lines = [
    ...unread.map(formatIssue),
    ...files.flatMap((f) => [
      ...f.issues.map(formatIssue),
      ...(f.valid ? [validSummary(f.shown, f.valid)] : []),
    ]),
  ];
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
