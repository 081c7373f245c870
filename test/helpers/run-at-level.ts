/**
 * Runs an in-process command the way `src/cli/runner.ts` does, with its logs captured at any level, including
 * trace and silent: the canary and fault suites need every level, which the shared harness does not offer.
 * Errors are mapped by the runner's own `describeError`/`exitCodeFor`, so what the tests see is what a user
 * would see on stderr.
 */
import { Writable } from 'node:stream';
import { describeError, exitCodeFor } from '../../src/cli/runner';
import type { CommandContext, CommandResult } from '../../src/commands/context';
import { createLogger, type LogLevel } from '../../src/logger';

export interface RunOutput {
  code: number;
  out: string;
  /** What the command wrote to stderr itself, plus the runner's error lines. */
  err: string;
  /** The JSON log lines (stderr in the CLI). */
  logs: string;
}

export async function runAtLevel(
  command: (ctx: CommandContext) => Promise<CommandResult>,
  env: NodeJS.ProcessEnv,
  cwd: string,
  level: LogLevel = 'info',
): Promise<RunOutput> {
  let out = '';
  let err = '';
  let logs = '';
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs += chunk.toString();
      cb();
    },
  });
  const logger = createLogger({ level, destination, pretty: false });
  const ctx: CommandContext = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    logger,
    env,
    cwd,
    isTTY: false,
  };
  try {
    const result = await command(ctx);
    return { code: result.exitCode, out, err, logs };
  } catch (e) {
    // As the runner: the error object goes to the debug log, the user gets the described lines.
    logger.debug({ err: e }, 'command failed');
    const lines = describeError(e)
      .map((l) => `${l}\n`)
      .join('');
    return { code: exitCodeFor(e), out, err: err + lines, logs };
  }
}
