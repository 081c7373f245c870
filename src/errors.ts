/**
 * The few error classes ise-duo throws. User mistakes in files are not thrown: loaders return issue lists.
 * These are for the command boundary: `exitCodeFor` (src/exit-codes.ts) maps each to an exit code in one
 * place, and `errorParts` below turns each into data that `src/render/error.ts` prints.
 * Messages never contain secret values: the client scrubs server text before it builds an ApiError.
 */

/** An error as data (`errorParts` below): renderers print it, fleet tables shorten it. */
export interface ErrorParts {
  /** `internal` for anything that is not one of ise-duo's errors. */
  code: string;
  message: string;
  hint?: string;
  /** For file errors: one formatted `file:line:col: severity: message` line per issue. */
  issues?: Array<{ file: string; line: number; column: number; severity: string; message: string }>;
}

/** A problem at a position in a user's file. Shared by the loader, `validate --online` and the CLI. */
export interface Issue {
  file: string;
  /** 1-based; 0 when the problem has no position (e.g. the file cannot be read). */
  line: number;
  column: number;
  /** JSON pointer into the document, '' for the root. */
  pointer: string;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * Marks ise-duo's errors with a registry symbol rather than relying on `instanceof` alone: the CLI's entry
 * bundle and the lazily loaded command modules may each hold their own copy of these classes, and an error
 * must be recognised whichever copy made it.
 */
const BRAND = Symbol.for('ise-duo.error');

export abstract class IseDuoError extends Error {
  abstract readonly code:
    | 'usage'
    | 'config'
    | 'api'
    | 'refused'
    | 'stale-plan'
    | 'not-converged'
    | 'interrupted';
  override name = this.constructor.name;
  readonly [BRAND] = true;
}

function isOwnError(err: unknown): err is IseDuoError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/** Narrows to one of ise-duo's errors (from any copy of this module) by its code. */
export function isIseDuoError<C extends IseDuoError['code']>(
  err: unknown,
  code: C,
): err is Extract<
  UsageError | ConfigError | ApiError | RefusedError | StalePlanError | ConvergenceError | InterruptedError,
  { code: C }
> {
  return isOwnError(err) && err.code === code;
}

/** Bad input from the user: flags, files, environment. Nothing was sent to ISE. */
export class UsageError extends IseDuoError {
  readonly code = 'usage' as const;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A desired-state file (or several) with errors. */
export class ConfigError extends IseDuoError {
  readonly code = 'config' as const;
  constructor(
    readonly issues: Issue[],
    readonly hint?: string,
  ) {
    super(`${issues.filter((i) => i.severity === 'error').length} error(s) in the desired state`);
  }
}

export type ApiFailureKind =
  | 'http'
  | 'network'
  | 'timeout'
  | 'tls'
  | 'bad-response'
  | 'read-only'
  /** Refused before it was sent: the run was interrupted (see `src/client/write-gate.ts`). */
  | 'interrupted';

/** A request to ISE that failed, or was refused before it was sent (read-only mode). */
export class ApiError extends IseDuoError {
  readonly code = 'api' as const;
  constructor(
    readonly details: {
      kind: ApiFailureKind;
      method: string;
      path: string;
      status?: number;
      iseCode?: string;
      iseMessage?: string;
      requestId?: string;
      /** What probably caused it and what to do, for the known causes. */
      explanation?: string;
      /** true when the request may have taken effect on the server (e.g. a POST whose response was lost). */
      outcomeUnknown?: boolean;
    },
    message: string,
  ) {
    super(message);
  }
  get status(): number | undefined {
    return this.details.status;
  }
}

/** The plan holds changes that apply refuses without an explicit flag or confirmation. Nothing was written. */
export class RefusedError extends IseDuoError {
  readonly code = 'refused' as const;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A saved plan no longer matches live state or the desired file. Nothing was written. */
export class StalePlanError extends IseDuoError {
  readonly code = 'stale-plan' as const;
  constructor(
    message: string,
    readonly changed: string[],
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Apply finished but a fresh plan is not empty: ISE did not take some change. */
export class ConvergenceError extends IseDuoError {
  readonly code = 'not-converged' as const;
  /**
   * ISE answered every write as taken, so what it holds instead is either its own form of the value (write
   * that form in the file) or an edit made beside the apply (apply again to see).
   */
  readonly hint =
    'where ISE keeps a value in a form of its own, write that form in the file; otherwise something changed ' +
    'it during the apply: run apply again';
  constructor(
    message: string,
    readonly remaining: string[],
  ) {
    super(message);
  }
}

/** Ctrl-C or a signal came before anything was written (at the confirmation prompt, say). */
export class InterruptedError extends IseDuoError {
  readonly code = 'interrupted' as const;
}

/** Any thrown value as data: the error's code and its parts, for renderers and fleet tables. */
export function errorParts(err: unknown): ErrorParts {
  if (isIseDuoError(err, 'config')) {
    const { code, message, issues, hint } = err;
    return hint ? { code, message, issues, hint } : { code, message, issues };
  }
  if (isIseDuoError(err, 'usage')) return { code: err.code, message: err.message, hint: err.hint };
  if (isIseDuoError(err, 'api')) {
    const { explanation } = err.details;
    const hint = explanation && !err.message.includes(explanation) ? explanation : undefined;
    return { code: err.code, message: err.message, hint };
  }
  if (isOwnError(err)) {
    const hint = (err as { hint?: string }).hint;
    return hint ? { code: err.code, message: err.message, hint } : { code: err.code, message: err.message };
  }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
