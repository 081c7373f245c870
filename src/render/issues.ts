/**
 * A problem in a file as one line: `file:line:col: severity: message`, the form editors and CI annotators
 * parse; `file: severity: message` when the problem has no position. The one formatter of file issues:
 * `validate`, the CLI's error output and the warnings logged before a plan all use it.
 */
export interface PositionedIssue {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}

export function formatIssue(issue: PositionedIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return `${where}: ${issue.severity}: ${issue.message}`;
}
