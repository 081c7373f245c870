/**
 * Runs identity syncs: starts each (`GET …/identitysync/sync/{name}`, which pushes AD users into Duo's
 * cloud), then polls `syncStatus` until every run ends in Success, Failed or Cancelled, or the timeout
 * passes. An abort (Ctrl-C) cancels the runs still in progress through the API (`…/sync/cancel/{name}`), so
 * no push carries on unseen after the user stopped ise-duo. A timeout only stops the waiting: the runs go
 * on in ISE (the user asked how long to wait, not to cancel), and the result says so.
 *
 * A run only counts as finished once it has been seen to move: a terminal status read right after the start
 * could still be the previous run's (whether ISE sets Pending synchronously is undocumented). It has moved
 * when a non-terminal status was seen, `lastSync` changed, or the status differs from the one before start.
 * `lastSync` has one-second steps, so a short run that ends within the second the previous one ended shows
 * neither: once SAME_SECOND_MS have passed since the start with the status still unchanged, the run can
 * only have ended in that second (one that ended later would show a later `lastSync`, one still going a
 * non-terminal status), and it counts as finished, saying so.
 *
 * The first poll comes soon (FIRST_POLL_MS) and the wait doubles up to `pollIntervalMs`: a sync of a few
 * users ends in well under a second, and a fixed 1 s sleep made that the slowest part of an apply, while a
 * long push is still polled only once per interval.
 *
 * `--timeout` bounds the whole wait, a status poll included: a poll that hangs (ISE slow to answer, each
 * attempt waiting out the request timeout, then retried) is not waited for past the deadline, nor after a
 * signal. Its run is reported from what is known (TimedOut, or cancelled on a signal), and the poll is
 * abandoned: aborted on the wire, not retried, and its answer, if one still comes, changes nothing.
 *
 * Never used by plan, drift or export: they hold a read-only client, which refuses these GETs unsent.
 */
import type { IseClient } from '../client/types';
import { WIRE_SYNC_STATUS, type WireSyncStatus } from '../client/wire-types';
import { isIseDuoError } from '../errors';
import type { SyncOutcome, SyncProgress, SyncRunResult } from '../model/reports';
import { abortableSleep, settlesWithin } from './sleep';

export type { SyncOutcome, SyncProgress, SyncRunResult } from '../model/reports';

export interface RunSyncsOptions {
  timeoutMs: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  progress: SyncProgress;
  now?: () => number;
}

const TERMINAL = new Set<string>(['Success', 'Failed', 'Cancelled']);

/**
 * A status as the spec's enum spells it, whatever the case ISE answers in: its `SyncUpdate` example says
 * `SUCCESS` where the `syncStatus` enum says `Success` (reference §2.2), and an upper-case end read as
 * "still running" would wait out the timeout and report a finished run as TimedOut.
 */
function canonicalStatus(status: string | undefined): string | undefined {
  if (status === undefined) return undefined;
  return WIRE_SYNC_STATUS.find((s) => s.toLowerCase() === status.toLowerCase()) ?? status;
}

/** Failed polls in a row after which a run is no longer watched (each poll is already retried by the client). */
export const MAX_FAILED_POLLS = 3;

/** Why a sync was not started: its turn came after the deadline (a start or read before it was slow). */
const TIMEOUT_BEFORE_START = 'not started: --timeout passed before its turn';

/** The wait before the first poll; each later wait doubles, up to the poll interval. */
export const FIRST_POLL_MS = 100;

/** The wait before poll number `n` (0 first): FIRST_POLL_MS, doubling, capped at `intervalMs`. */
export function pollDelayMs(n: number, intervalMs: number): number {
  return Math.min(intervalMs, FIRST_POLL_MS * 2 ** Math.min(n, 20));
}

/** See the header: after this long, an unchanged terminal status is this run's, ended in the same second. */
export const SAME_SECOND_MS = 2000;

interface Run {
  name: string;
  before: { status?: WireSyncStatus; lastSync?: string };
  moved: boolean;
  /** The start's answer was lost: the run may be going, unwatched (see `startRun`); a signal still cancels it. */
  startUnknown?: true;
  /** Polls in a row that failed; at MAX_FAILED_POLLS the run is given up as Unknown (a signal still cancels it). */
  failedPolls?: number;
  /** Whether a status poll of this run has been sent, and whether one has been answered. */
  polled?: true;
  answered?: true;
  /** Seconds since the batch started, when this run was started. */
  startedAt?: number;
  result?: SyncRunResult;
}

/** A run that was never started, and why. */
export const notStarted = (name: string, message: string, seconds: number): SyncRunResult => ({
  name,
  outcome: 'NotStarted',
  message,
  seconds,
});

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function startRun(
  client: IseClient,
  name: string,
  elapsed: () => number,
  signal: AbortSignal | undefined,
): Promise<Run> {
  const run: Run = { name, before: {}, moved: false };
  try {
    // The read before the start stops on a signal (a read changes nothing); the start itself is not abandoned.
    const current = await client.getIdentitySync(name, { signal });
    run.before = {
      status: canonicalStatus(current.syncStatus) as WireSyncStatus | undefined,
      lastSync: current.lastSync,
    };
    await client.startSync(name);
    run.startedAt = elapsed();
  } catch (err) {
    // A start whose answer was lost may have started the run: "NotStarted" would say it did not. It is not
    // sent again (a second start of a running sync), and not polled: an unchanged status cannot tell a run
    // that never started from one that ended within the second.
    const unknown = isIseDuoError(err, 'api') && err.details.outcomeUnknown === true;
    if (unknown) run.startUnknown = true;
    run.result = unknown
      ? { name, outcome: 'Unknown', message: errorText(err), seconds: elapsed() }
      : notStarted(name, signal?.aborted ? 'interrupted' : errorText(err), elapsed());
  }
  return run;
}

/**
 * Aborted once the wait has ended: a poll still out (it outlived the deadline or a signal) is aborted on the
 * wire, so no request of the batch is left running behind its result, and an answer to it is ignored.
 */
type BatchEnd = AbortSignal;

async function pollRun(
  client: IseClient,
  run: Run,
  progress: SyncProgress,
  seconds: number,
  ended: BatchEnd,
): Promise<void> {
  let sync: Awaited<ReturnType<IseClient['getIdentitySync']>>;
  run.polled = true;
  try {
    // The client has already retried transient failures.
    sync = await client.getIdentitySync(run.name, { signal: ended });
  } catch (err) {
    if (ended.aborted) return;
    // One failed poll (a 500 the client does not retry) is not the run's end: the next poll may answer.
    run.failedPolls = (run.failedPolls ?? 0) + 1;
    if (run.failedPolls >= MAX_FAILED_POLLS) {
      const message = `${errorText(err)} (${run.failedPolls} polls in a row failed; the run may still be going in ISE)`;
      run.result = { name: run.name, outcome: 'Unknown', message, seconds };
    }
    return;
  }
  if (ended.aborted) return;
  run.answered = true;
  run.failedPolls = 0;
  const status = canonicalStatus(sync.syncStatus) ?? 'Pending';
  progress.status(run.name, status, seconds);
  let sameSecond = false;
  if (!TERMINAL.has(status)) run.moved = true;
  else if (sync.lastSync !== run.before.lastSync || status !== run.before.status) run.moved = true;
  else if (seconds - (run.startedAt ?? seconds) >= SAME_SECOND_MS / 1000) sameSecond = run.moved = true;
  if (run.moved && TERMINAL.has(status)) {
    run.result = { name: run.name, outcome: status as SyncOutcome, lastSync: sync.lastSync, seconds };
    if (sameSecond) run.result.message = 'ended within the second of the previous run (lastSync unchanged)';
  }
}

async function cancelRun(client: IseClient, run: Run, elapsed: () => number): Promise<void> {
  try {
    await client.cancelSync(run.name);
    run.result = { name: run.name, outcome: 'Cancelled', message: 'cancel requested', seconds: elapsed() };
  } catch (err) {
    // A cancel ISE refused or did not answer: the run may well still be going, so it is no "Cancelled",
    // unless a fresh read shows it ended meanwhile (ISE refuses to cancel a run that is no longer going).
    const ended = await endedMeanwhile(client, run, elapsed);
    run.result = ended ?? {
      name: run.name,
      outcome: 'Unknown',
      message: `cancel failed, the run may still be going in ISE: ${errorText(err)}`,
      seconds: elapsed(),
    };
  }
}

/** The run's end, read after a failed cancel: a terminal status that is this run's (see the header). */
async function endedMeanwhile(
  client: IseClient,
  run: Run,
  elapsed: () => number,
): Promise<SyncRunResult | undefined> {
  try {
    const sync = await client.getIdentitySync(run.name);
    const status = canonicalStatus(sync.syncStatus);
    const own = sync.lastSync !== run.before.lastSync || status !== run.before.status;
    if (!status || !TERMINAL.has(status) || !(run.moved || own)) return undefined;
    const message = 'ended before the cancel reached it';
    return {
      name: run.name,
      outcome: status as SyncOutcome,
      lastSync: sync.lastSync,
      message,
      seconds: elapsed(),
    };
  } catch {
    return undefined;
  }
}

/** Starts the syncs in order, waits for all, and returns one result per name (same order). */
export async function runSyncs(
  client: IseClient,
  names: readonly string[],
  options: RunSyncsOptions,
): Promise<SyncRunResult[]> {
  const now = options.now ?? Date.now;
  const started = now();
  const elapsed = () => Math.round((now() - started) / 100) / 10;
  const remainingMs = () => options.timeoutMs - (now() - started);
  const runs: Run[] = [];
  for (const name of names) {
    // --timeout covers the starts too: none is sent once it has passed (or after a signal).
    const skipped = options.signal?.aborted ? 'interrupted' : remainingMs() <= 0 ? TIMEOUT_BEFORE_START : '';
    if (!skipped) runs.push(await startRun(client, name, elapsed, options.signal));
    else runs.push({ name, before: {}, moved: false, result: notStarted(name, skipped, elapsed()) });
  }
  const open = () => runs.filter((r) => !r.result);
  const batchEnd = new AbortController();
  const ended = batchEnd.signal;
  // Each run is polled on its own, so a poll that hangs holds up only its own run, never the others'.
  const watch = async (run: Run) => {
    for (let n = 0; !run.result && !ended.aborted; n++) {
      const delay = Math.min(pollDelayMs(n, options.pollIntervalMs), Math.max(0, remainingMs()));
      await abortableSleep(delay, ended);
      if (ended.aborted || remainingMs() <= 0) return;
      await pollRun(client, run, options.progress, elapsed(), ended);
    }
  };
  const watching = open().map(watch);
  if (watching.length) await settlesWithin(Promise.all(watching), remainingMs(), options.signal);
  batchEnd.abort();
  // On a signal, every run still going is cancelled at once (one cancel that hangs must not hold up the rest),
  // and so is every run whose start's answer was lost: it may be going, and the signal asks to stop it.
  if (options.signal?.aborted) {
    const lostSight = (r: Run) => (r.startUnknown || r.failedPolls) && r.result?.outcome === 'Unknown';
    const stoppable = runs.filter((r) => !r.result || lostSight(r));
    await Promise.all(stoppable.map((run) => cancelRun(client, run, elapsed)));
  }
  for (const run of open()) {
    run.result = {
      name: run.name,
      outcome: 'TimedOut',
      // A run last seen going is still running as far as ISE said; one whose every poll went unanswered
      // is not known to be anything.
      message:
        run.polled && !run.answered
          ? 'ISE did not answer a status poll within the timeout; the run may still be going in ISE'
          : 'still running in ISE',
      seconds: elapsed(),
    };
  }
  const results = runs.map((r) => r.result!);
  options.progress.done(results);
  return results;
}
