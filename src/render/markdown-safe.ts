/**
 * Markdown pieces that hold text from outside whatever it contains: file names (a `|` or a backtick is a
 * legal file name character), error messages quoting a value, ISE's words. A table cell must not split on a
 * `|`, a code span or fence must not be closed early by a backtick run inside it, and text inside an HTML
 * element (`<summary>`) must not close it.
 */
import { printable, printableMarkdown } from '../model/printable';

const longestBacktickRun = (text: string) => Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));

/** `text` as a code span, delimited by more backticks than any run inside it (CommonMark). */
export function codeSpan(text: string): string {
  const shown = printable(text);
  const tick = '`'.repeat(longestBacktickRun(shown) + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${shown}${pad}${tick}`;
}

/** `text` in a fenced code block whose fence is longer than any backtick run inside it. */
export function codeFence(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}\n${text}\n${fence}`;
}

/** A table cell: markup-free text, its `|` escaped (GitHub and GitLab read `\|` as a pipe in a cell). */
export function tableCell(text: string): string {
  return printableMarkdown(text).replace(/\|/g, '\\|');
}

/** Text inside an HTML element (`<summary>`): no tag can open or close there. */
export function htmlText(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
