/**
 * Exit codes, the same for every command. Documented in `--help` and in the README from this one table,
 * and the one place where an error becomes a code (`exitCodeFor`).
 */
import { isIseDuoError } from './errors';

export const ExitCode = {
  /** Success; no changes pending; in sync. */
  OK: 0,
  /** An error: bad input, an ISE failure; nothing was written to ISE. */
  ERROR: 1,
  /** `plan --detailed-exitcode`: changes pending. `drift`: live state differs from the file. */
  CHANGES: 2,
  /** Refused, nothing written: critical changes without `--allow-critical`, an unconfirmed apply, a saved plan that is stale, edited or for another ISE. */
  REFUSED: 3,
  /** Apply finished, but a fresh plan is not empty: ISE did not take every change. */
  NOT_CONVERGED: 4,
  /**
   * ISE was changed, then the run failed before it could verify the result (a later write, the convergence
   * check, a sync run): the report of what was written is printed before the error.
   */
  APPLIED_NOT_VERIFIED: 5,
  /** Interrupted (Ctrl-C, SIGTERM): no write was sent after the signal; the report says what was written. */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_TABLE: ReadonlyArray<readonly [ExitCodeValue, string]> = [
  [ExitCode.OK, 'success; no changes pending; in sync'],
  [ExitCode.ERROR, 'error: invalid input, ISE unreachable or failing; nothing was written'],
  [ExitCode.CHANGES, 'changes pending (plan --detailed-exitcode), or drift found (drift)'],
  [
    ExitCode.REFUSED,
    'refused, nothing written: critical change without --allow-critical, confirmation declined, stale or edited saved plan',
  ],
  [ExitCode.NOT_CONVERGED, 'applied, but a fresh plan still shows changes: ISE did not take them'],
  [
    ExitCode.APPLIED_NOT_VERIFIED,
    'applied, not verified: ISE was (or may have been) changed, then a later write, the check or a sync run failed',
  ],
  [
    ExitCode.INTERRUPTED,
    'interrupted (Ctrl-C, SIGTERM): no write sent after the signal; the report lists what was applied and what was not',
  ],
];

/** The exit code for anything a command throws. */
export function exitCodeFor(err: unknown): ExitCodeValue {
  if (isIseDuoError(err, 'refused') || isIseDuoError(err, 'stale-plan')) return ExitCode.REFUSED;
  if (isIseDuoError(err, 'not-converged')) return ExitCode.NOT_CONVERGED;
  if (isIseDuoError(err, 'interrupted')) return ExitCode.INTERRUPTED;
  return ExitCode.ERROR;
}
