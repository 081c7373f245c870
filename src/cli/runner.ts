/**
 * Runs a command for the CLI: `run()` builds the context (streams, logger, env, terminal), awaits the
 * command, and maps anything it throws through the one error-to-exit-code map (`exitCodeFor`) and the one
 * error renderer (`src/render/error.ts`). No stack trace reaches the user unless they ask for debug logs.
 */
import { errorParts } from '../errors';
import { type ExitCodeValue, exitCodeFor } from '../exit-codes';
import { createLogger, type LogLevel } from '../logger';
import { RunSecrets, secretsOfEnvironment } from '../model/run-secrets';
import { renderErrorMarkdown, renderErrorText } from '../render/error';
import { codeCacheStats } from '../runtime/code-cache';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';
import { refuseWireDebug } from '../runtime/node-debug';
import { askYes } from './confirm-prompt';
import type { Interruption } from './interrupt';

export interface GlobalOptions {
  logLevel?: LogLevel;
}

function terminalConfirm(signal: AbortSignal | undefined): CommandContext['confirm'] {
  // The question is written to stderr and read from stdin: those two must be a terminal, stdout may be a file.
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (question) => askYes(question, { input: process.stdin, output: process.stderr, signal });
}

export function makeContext(global: GlobalOptions, interrupt?: Interruption): CommandContext {
  let logger: CommandContext['logger'] | undefined;
  const secrets = new RunSecrets(secretsOfEnvironment(process.env));
  // Everything the run prints goes through the last scrub, whichever command or notice wrote it: each
  // rendering scrubs its own secrets, and this one catches a value quoted where no rendering expected a
  // secret (a `--out` name, a file path, a name taken from a variable that holds the ISE password).
  return {
    out: (text) => process.stdout.write(secrets.scrub(text)),
    err: (text) => process.stderr.write(secrets.scrub(text)),
    // Made on first use: `validate` never logs, and should not pay for loading pino.
    get logger() {
      logger ??= createLogger({ level: global.logLevel ?? 'info' });
      return logger;
    },
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    errIsTTY: process.stderr.isTTY === true,
    // Looked up on first use: touching process.stdin builds the stdin stream, which most commands never read.
    get confirm() {
      return terminalConfirm(interrupt?.signal);
    },
    signal: interrupt?.signal,
    atForcedExit: interrupt?.atForcedExit,
    secrets,
  };
}

/** What `run` needs to know of a command besides running it. */
export interface RunOptions {
  interrupt?: Interruption;
  /**
   * The command and its `--format`: a markdown report is a comment someone posts (a pull request's plan), so
   * a run that fails before printing any report prints the error as its report, not only on stderr.
   */
  report?: { command: string; format: OutputFormat };
}

/** Runs a command and sets the process exit code; never throws. */
export async function run(
  global: GlobalOptions,
  command: (ctx: CommandContext) => Promise<CommandResult>,
  options: RunOptions = {},
): Promise<ExitCodeValue> {
  const ctx = makeContext(global, options.interrupt);
  // Whether the command printed anything, so that a failed markdown run prints its error as the report once.
  let printed = false;
  const write = ctx.out;
  ctx.out = (text) => {
    printed ||= text.length > 0;
    write(text);
  };
  try {
    refuseWireDebug(ctx.env);
    const { exitCode } = await command(ctx);
    ctx.logger.debug({ codeCache: codeCacheStats() }, 'code cache');
    return exitCode;
  } catch (err) {
    // The log is scrubbed of every secret the run learnt, as ctx.out and ctx.err are: an error may quote an
    // argument, a URL or a saved plan's field read before the file's secrets were known, or another target's.
    const scrub = (text: string) => ctx.secrets?.scrub(text) ?? text;
    if (ctx.logger.isLevelEnabled('debug')) {
      const e = err instanceof Error ? err : new Error(String(err));
      // A copy with its own fields (an ApiError's details, a stale plan's list), its name, all text scrubbed.
      const shown = Object.assign(
        Object.create(Object.getPrototypeOf(e)) as Error,
        ctx.secrets ? ctx.secrets.scrubDeep({ ...e }) : { ...e },
        {
          name: e.name,
          message: scrub(e.message),
          stack: scrub(e.stack ?? ''),
        },
      );
      ctx.logger.debug({ err: shown }, 'command failed');
    }
    const parts = errorParts(err);
    ctx.err(renderErrorText(parts));
    if (options.report?.format === 'markdown' && !printed) {
      ctx.out(renderErrorMarkdown(options.report.command, parts));
    }
    return exitCodeFor(err);
  }
}
