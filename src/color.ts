/**
 * Whether to write ANSI colour to one stream. One rule for every writer (plan text, the demo, pretty logs),
 * decided per stream, because stdout and stderr are redirected independently (`plan > plan.txt` on a
 * terminal still has a terminal on stderr):
 * - `FORCE_COLOR` set and not empty: colour, whatever the stream, unless it is `0` or `false` (Node's and
 *   chalk's reading, so one variable steers ise-duo and the tools around it alike); it wins over `NO_COLOR`
 *   because it is the more specific request;
 * - else `NO_COLOR` set and not empty: no colour (https://no-color.org);
 * - else colour only when the stream is a terminal and `TERM` is not `dumb`.
 */

export interface ColorStream {
  isTTY?: boolean;
}

export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY === true && env.TERM !== 'dumb';
}

/** `colorEnabled` for a process stream (`process.stdout`, `process.stderr`). */
export function colorFor(stream: ColorStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return colorEnabled(env, stream.isTTY);
}
