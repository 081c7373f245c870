/**
 * The one place where outcomes become exit codes and errors become messages. Every command runs through
 * `run()`: it builds the context (streams, logger, env, terminal), awaits the command, and maps anything it
 * throws. No stack trace reaches the user unless they ask for debug logs.
 */
import type * as Readline from 'node:readline/promises';
import type { CommandContext, CommandResult } from '../commands/context';
import { isIseDuoError } from '../errors';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { createLogger, type LogLevel } from '../logger';

export interface GlobalOptions {
  logLevel?: LogLevel;
}

export function exitCodeFor(err: unknown): ExitCodeValue {
  if (isIseDuoError(err, 'refused') || isIseDuoError(err, 'stale-plan')) return ExitCode.REFUSED;
  if (isIseDuoError(err, 'not-converged')) return ExitCode.NOT_CONVERGED;
  return ExitCode.ERROR;
}

export function describeError(err: unknown): string[] {
  if (isIseDuoError(err, 'config')) {
    return err.issues.map((i) =>
      i.line > 0
        ? `${i.file}:${i.line}:${i.column}: ${i.severity}: ${i.message}`
        : `${i.file}: ${i.severity}: ${i.message}`,
    );
  }
  if (isIseDuoError(err, 'usage'))
    return [`error: ${err.message}`, ...(err.hint ? [`hint: ${err.hint}`] : [])];
  if (isIseDuoError(err, 'api')) {
    const { explanation } = err.details;
    return [
      `error: ${err.message}`,
      ...(explanation && !err.message.includes(explanation) ? [`hint: ${explanation}`] : []),
    ];
  }
  if (isIseDuoError(err, 'refused') || isIseDuoError(err, 'stale-plan')) {
    return [`error: ${err.message}`, ...(err.hint ? [`hint: ${err.hint}`] : [])];
  }
  if (isIseDuoError(err, 'not-converged')) return [`error: ${err.message}`];
  const message = err instanceof Error ? err.message : String(err);
  return [`internal error: ${message} (please report this; --log-level debug shows details)`];
}

function terminalConfirm(): CommandContext['confirm'] {
  // The question is written to stderr and read from stdin: those two must be a terminal, stdout may be a file.
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
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
    errIsTTY: process.stderr.isTTY === true,
    // Looked up on first use: touching process.stdin builds the stdin stream, which most commands never read.
    get confirm() {
      return terminalConfirm();
    },
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
