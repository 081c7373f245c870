/**
 * One pino logger per run, created by the CLI and passed down. Logs go to stderr so that stdout carries only
 * the plan or report. JSON when stderr is not a terminal (pipelines parse it), readable on a terminal.
 *
 * Redaction is structural: the Authorization header and every key field are censored by path, whatever the
 * level. Secret values are also boxed (`Secret`) so they serialise as `(sensitive)` if logged by accident.
 */
import type { DestinationStream, Logger } from 'pino';
import { colorFor } from './color';

/** pino and its dependencies are some thirty modules: loaded when a logger is made, not at start-up. */
const loadPino = () => require('pino') as typeof import('pino');

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** pino's redact paths have a fixed depth, so each field is listed under 0..maxDepth wildcard levels. */
const atEveryDepth = (fields: string[], maxDepth: number): string[] =>
  fields.flatMap((f) => Array.from({ length: maxDepth + 1 }, (_, d) => `${'*.'.repeat(d)}${f}`));

export const REDACT_PATHS = [
  // Duo keys, as far down as a wire body inside a request inside an error
  // (err.request.body.mfa.accountConfigurations.adminApi.sKey) or a desired state's connection list.
  ...atEveryDepth(['sKey', 'skey', 'ikey'], 6),
  // The ISE password and the Basic header, down to an axios-style error's err.config.headers.Authorization.
  ...atEveryDepth(['password', 'authorization', 'Authorization'], 4),
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Defaults to whether stderr is a terminal. */
  pretty?: boolean;
  /** Where to write; defaults to stderr. Tests pass a stream to capture output. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const redact = { paths: REDACT_PATHS, censor: '(sensitive)' };
  const pretty = options.pretty ?? (options.destination === undefined && process.stderr.isTTY === true);
  const pino = loadPino();
  if (pretty) {
    // Loaded only on a terminal: pino-pretty costs start-up time that pipelines should not pay.
    const pinoPretty = require('pino-pretty') as typeof import('pino-pretty');
    const stream = pinoPretty({
      destination: 2,
      colorize: colorFor(process.stderr),
      ignore: 'pid,hostname',
      translateTime: 'HH:MM:ss',
      sync: true,
    });
    return pino({ level, redact, base: undefined }, stream);
  }
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  return pino({ level, redact, base: undefined }, destination as DestinationStream);
}

/** A logger that drops everything, for library callers and tests that do not care. */
export function silentLogger(): Logger {
  return loadPino()({ level: 'silent' });
}
