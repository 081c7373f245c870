/**
 * One pino logger per run, created by the CLI and passed down. Logs go to stderr so that stdout carries only
 * the plan or report. JSON when stderr is not a terminal (pipelines parse it), readable on a terminal.
 *
 * Redaction is structural: the Authorization header and every key field are censored by path, whatever the
 * level. Secret values are also boxed (`Secret`) so they serialise as `(sensitive)` if logged by accident.
 */
import type * as pino from 'pino';
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

/** pino's numeric levels, for deciding without pino whether a line would be written. */
const LEVEL_VALUES: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};
const LINE_METHODS = new Set<string | symbol>(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);
const noop = () => undefined;

/**
 * A pino logger that loads and builds pino on the first line it writes (or on any use beyond writing lines,
 * checking levels, making children and reading bindings). A clean plan at the default level writes no line,
 * and pino, its redaction compiled from REDACT_PATHS and the per-target child cost about 8 ms of CPU at
 * start-up (bench section 7, plan start-up). Children are lazy too and keep pino's semantics: bindings merge,
 * a child's level defaults to its parent's.
 */
function lazyLogger(level: LogLevel, make: () => Logger, bindings: pino.Bindings = {}): Logger {
  let real: Logger | undefined;
  const get = () => {
    real ??= make();
    return real;
  };
  const threshold = LEVEL_VALUES[level] ?? LEVEL_VALUES.info;
  const isLevelEnabled = (l: string) => (LEVEL_VALUES[l as LogLevel] ?? 0) >= threshold;
  const forward = (target: Logger, property: string | symbol) => {
    const value = Reflect.get(target, property);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return new Proxy({} as Logger, {
    get(_shell, property) {
      if (real) return forward(real, property);
      if (LINE_METHODS.has(property)) {
        return isLevelEnabled(property as string)
          ? (...args: unknown[]) => (get()[property as 'info'] as (...a: unknown[]) => void)(...args)
          : noop;
      }
      switch (property) {
        case 'level':
          return level;
        case 'isLevelEnabled':
          return isLevelEnabled;
        case 'bindings':
          return () => ({ ...bindings });
        case 'child':
          return (childBindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions) =>
            lazyLogger(
              (childOptions?.level as LogLevel | undefined) ?? level,
              () => get().child(childBindings, childOptions),
              { ...bindings, ...childBindings },
            );
        default:
          return forward(get(), property);
      }
    },
    set(_shell, property, value) {
      return Reflect.set(get(), property, value);
    },
  });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  return lazyLogger(level, () => buildLogger(level, options));
}

function buildLogger(level: LogLevel, options: LoggerOptions): Logger {
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

/**
 * A logger that drops everything, for library callers and tests that do not care. It writes no line, so
 * pino is never built for it (unless a caller raises its level): one costs nothing per client or simulator.
 */
export function silentLogger(): Logger {
  return lazyLogger('silent', () => loadPino()({ level: 'silent' }));
}
