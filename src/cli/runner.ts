/**
 * The one place where outcomes become exit codes and errors become messages. Every command runs through
 * `run()`: it builds the context (streams, logger, env, terminal), awaits the command, and maps anything it
 * throws. No stack trace reaches the user unless they ask for debug logs.
 */
import type * as Readline from 'node:readline/promises';
import type { CommandContext, CommandResult } from '../commands/context';
import {
  ApiError,
  ConfigError,
  ConvergenceError,
  type IseDuoError,
  RefusedError,
  StalePlanError,
  UsageError,
} from '../errors';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { createLogger, type LogLevel } from '../logger';

export interface GlobalOptions {
  logLevel?: LogLevel;
}

export function exitCodeFor(err: unknown): ExitCodeValue {
  if (err instanceof RefusedError || err instanceof StalePlanError) return ExitCode.REFUSED;
  if (err instanceof ConvergenceError) return ExitCode.NOT_CONVERGED;
  return ExitCode.ERROR;
}

export function describeError(err: unknown): string[] {
  if (err instanceof ConfigError) {
    return err.issues.map((i) =>
      i.line > 0
        ? `${i.file}:${i.line}:${i.column}: ${i.severity}: ${i.message}`
        : `${i.file}: ${i.severity}: ${i.message}`,
    );
  }
  if (err instanceof UsageError) return [`error: ${err.message}`, ...(err.hint ? [`hint: ${err.hint}`] : [])];
  if (err instanceof ApiError) {
    const { explanation } = err.details;
    return [
      `error: ${err.message}`,
      ...(explanation && !err.message.includes(explanation) ? [`hint: ${explanation}`] : []),
    ];
  }
  if (err instanceof Error && (err as IseDuoError).code !== undefined) return [`error: ${err.message}`];
  const message = err instanceof Error ? err.message : String(err);
  return [`internal error: ${message} (please report this; --log-level debug shows details)`];
}

function terminalConfirm(): CommandContext['confirm'] {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    // Loaded only to ask: no other run needs readline.
    const { createInterface } = require('node:readline/promises') as typeof Readline;
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question} Only "yes" is accepted: `);
      return answer.trim() === 'yes';
    } finally {
      rl.close();
    }
  };
}

export function makeContext(global: GlobalOptions, signal?: AbortSignal): CommandContext {
  let logger: CommandContext['logger'] | undefined;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    // Made on first use: `validate` never logs, and should not pay for loading pino.
    get logger() {
      logger ??= createLogger({ level: global.logLevel ?? 'info' });
      return logger;
    },
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    confirm: terminalConfirm(),
    signal,
  };
}

/** Runs a command and sets the process exit code; never throws. */
export async function run(
  global: GlobalOptions,
  command: (ctx: CommandContext) => Promise<CommandResult>,
  signal?: AbortSignal,
): Promise<ExitCodeValue> {
  const ctx = makeContext(global, signal);
  try {
    return (await command(ctx)).exitCode;
  } catch (err) {
    ctx.logger.debug({ err }, 'command failed');
    for (const line of describeError(err)) ctx.err(`${line}\n`);
    return exitCodeFor(err);
  }
}
