/**
 * Stopping an apply on Ctrl-C or SIGTERM, in the one place every request passes: the client. The CLI closes
 * the gate (aborts `stopWrites`) on the first signal; from then on the client refuses every call that would
 * change ISE before it is sent, with an `interrupted` ApiError that the executor reports as "not applied:
 * interrupted". Reads still go, so the write in flight can still be re-read when its answer is lost, and so
 * does cancelling a sync run (stopping work is what the signal asks for).
 *
 * Why here and not in the executor: the executor's signature stays `applyPlan(plan, client, logger)`, and
 * a check in the client cannot be bypassed by any caller (the key pre-flight, sync runs, a future parallel
 * executor) and has no check-then-send gap across an await.
 *
 * The journal records every call with a side effect as it is sent and as it is answered, so that a forced
 * exit (a second signal) can still say what reached ISE.
 */
import { ApiError, isIseDuoError } from '../errors';

export interface JournalEntry {
  method: string;
  path: string;
  /** The HTTP status of the last answer, or why there was none; absent while the call is in flight. */
  outcome?: number | string;
}

export class WriteJournal {
  readonly entries: JournalEntry[] = [];

  sent(method: string, path: string): JournalEntry {
    const entry: JournalEntry = { method, path };
    this.entries.push(entry);
    return entry;
  }

  /** One line per call that was sent, for a forced exit; empty when nothing was sent. */
  describe(): string[] {
    return this.entries.map((e) => {
      // A sync run's start or cancel (GETs with a side effect) shows in ISE's sync status, not in a plan.
      const look =
        e.method === 'GET' ? "check the sync's status in ISE" : 'run `ise-duo plan` to see what ISE holds';
      const outcome =
        e.outcome === undefined
          ? `no answer yet: it may take effect on ISE; ${look}`
          : typeof e.outcome === 'number'
            ? `answered ${e.outcome}`
            : `no answer (${e.outcome}): it may have taken effect`;
      return `${e.method} ${e.path}: ${outcome}`;
    });
  }
}

export function interruptedRefusal(method: string, path: string, purpose: string): ApiError {
  return new ApiError(
    {
      kind: 'interrupted',
      method,
      path,
      explanation: 'The run was interrupted (Ctrl-C or SIGTERM): no new change is sent after the signal.',
    },
    `not applied: interrupted; ${purpose} was not sent to ISE (${method} ${path})`,
  );
}

/** Whether `err` is the gate's refusal: the change was not sent because the run was interrupted. */
export function isInterruption(err: unknown): boolean {
  return isIseDuoError(err, 'api') && err.details.kind === 'interrupted';
}
