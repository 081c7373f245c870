/**
 * Option parsers shared by the command definitions, so that a bad value is one clear line and exit 1.
 */
import { InvalidArgumentError } from 'commander';
import { LOG_LEVELS, type LogLevel } from '../logger';
import type { OutputFormat } from '../runtime/context';

export function parseFormat(allowed: OutputFormat[]) {
  return (value: string): OutputFormat => {
    if (!(allowed as string[]).includes(value)) {
      throw new InvalidArgumentError(`use one of: ${allowed.join(', ')}`);
    }
    return value as OutputFormat;
  };
}

export function parseLogLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as string[]).includes(value))
    throw new InvalidArgumentError(`use one of: ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('use a whole number');
  return n;
}

/** A count or a duration that 0 would make meaningless (`sync --timeout 0`, `--max-in-flight 0`): refused here. */
export function parseAtLeastOne(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('use a whole number of at least 1');
  return n;
}
