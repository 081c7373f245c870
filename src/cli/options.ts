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

/**
 * Decimal digits only, as the messages say: `Number()` also takes '', ' ', '1e3' and '0x10', which would
 * run something the user did not write.
 */
function wholeNumber(value: string): number | undefined {
  return /^[0-9]+$/.test(value) ? Number(value) : undefined;
}

export function parsePositiveInt(value: string): number {
  const n = wholeNumber(value);
  if (n === undefined || !Number.isSafeInteger(n)) throw new InvalidArgumentError('use a whole number');
  return n;
}

/** A count or a duration that 0 would make meaningless (`sync --timeout 0`, `--parallelism 0`): refused here. */
export function parseAtLeastOne(value: string): number {
  const n = wholeNumber(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('use a whole number of at least 1');
  }
  return n;
}

/** A value that may not be empty: `--ise-url ""` (an unset CI variable) fell back to ISE_URL unnoticed. */
export function parseNotEmpty(what: string) {
  return (value: string): string => {
    if (value.trim() === '') throw new InvalidArgumentError(`it is empty; give ${what}`);
    return value;
  };
}
