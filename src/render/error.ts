/**
 * An error as the user reads it: `error: …` with an optional `hint: …`, one line per issue for file errors,
 * and anything that is not one of ise-duo's own errors flagged as internal. Fed by `errorParts`, never by an
 * error's text, so that a fleet table can show the short form without parsing the long one back.
 */
import type { ErrorParts } from '../errors';
import { formatIssue } from './issues';

export function renderErrorLines(parts: ErrorParts): string[] {
  if (parts.issues) return [...parts.issues.map(formatIssue), ...(parts.hint ? [`hint: ${parts.hint}`] : [])];
  if (parts.code === 'internal') {
    return [`internal error: ${parts.message} (please report this; --log-level debug shows details)`];
  }
  return [`error: ${parts.message}`, ...(parts.hint ? [`hint: ${parts.hint}`] : [])];
}

/** The long form as the CLI writes it to stderr: each line ended. */
export function renderErrorText(parts: ErrorParts): string {
  return renderErrorLines(parts)
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * One line for a table cell: the first error among the issues (they come in file order, warnings among
 * them, and a warning is not why the target failed), or the error's own message, cut to `max`.
 */
export function renderErrorShort(parts: ErrorParts, max = 90): string {
  const issue = parts.issues?.find((i) => i.severity === 'error') ?? parts.issues?.[0];
  const first = issue?.message ?? parts.message;
  const text = parts.code === 'internal' ? `internal error: ${first}` : first;
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** The error as a markdown report (a pull-request comment): what `command` said, in a fenced block. */
export function renderErrorMarkdown(command: string, parts: ErrorParts): string {
  return `### ise-duo ${command}: error\n\n\`\`\`\n${renderErrorLines(parts).join('\n')}\n\`\`\`\n`;
}
