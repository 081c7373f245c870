/**
 * `runCommand` with the log level as a positional argument: the canary and fault suites sweep every level.
 */

import type { LogLevel } from '../../src/logger';
import type { CommandContext, CommandResult } from '../../src/runtime/context';
import { type RunOutput, runCommand } from './harness';

export type { RunOutput };

export function runAtLevel(
  command: (ctx: CommandContext) => Promise<CommandResult>,
  env: NodeJS.ProcessEnv,
  cwd: string,
  level: LogLevel = 'info',
): Promise<RunOutput> {
  return runCommand(command, env, cwd, { level });
}
