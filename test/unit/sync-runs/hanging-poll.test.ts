/**
 * `--timeout` bounds the whole wait, a hanging status poll included, and a signal during such a poll cancels
 * the run at once. Before, each poll was awaited to its end: with ISE's request timeout (30 s) and retries,
 * `sync --timeout 5` could wait minutes and then say "after 5 s", and SIGTERM waited for the poll too.
 */
import type { IseClient } from '../../../src/client/types';
import type { WireIdentitySync } from '../../../src/client/wire-types';
import { ApiError } from '../../../src/errors';
import { MAX_FAILED_POLLS, runSyncs } from '../../../src/sync-runs/run-syncs';

/** A client whose status poll after the start never answers until `answer()` is called. */
function hangingClient() {
  let started = false;
  let release: (sync: WireIdentitySync) => void = () => {};
  const cancels: string[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  const client = {
    getIdentitySync: async (_name: string, options?: { signal?: AbortSignal }) => {
      if (!started) return { syncStatus: 'Success', lastSync: 'before' } as WireIdentitySync;
      signals.push(options?.signal);
      return new Promise<WireIdentitySync>((resolve) => {
        release = resolve;
      });
    },
    startSync: async () => {
      started = true;
      return 'started';
    },
    cancelSync: async (name: string) => {
      cancels.push(name);
      return 'Sync Pending Cancellation';
    },
  } as unknown as IseClient;
  const answer = () => release({ syncStatus: 'Success', lastSync: 'after' } as WireIdentitySync);
  return { client, cancels, answer, signals };
}

function recordingProgress() {
  const events: string[] = [];
  return {
    events,
    progress: {
      status: (name: string, status: string) => events.push(`status ${name} ${status}`),
      done: () => events.push('done'),
    },
  };
}

test('a poll that hangs past --timeout ends the wait at the deadline, as TimedOut, saying the poll had no answer', async () => {
  const { client, answer, signals } = hangingClient();
  const { events, progress } = recordingProgress();
  const t0 = Date.now();
  const [result] = await runSyncs(client, ['s'], { timeoutMs: 400, pollIntervalMs: 50, progress });
  const waited = Date.now() - t0;
  expect(result.outcome).toBe('TimedOut');
  expect(result.message).toMatch(/did not answer a status poll within the timeout/);
  expect(result.message).toMatch(/may still be going in ISE/);
  // Bounded by the timeout, not by the poll: the poll never answered at all.
  expect(waited).toBeGreaterThanOrEqual(350);
  expect(waited).toBeLessThan(5000);
  expect(result.seconds).toBeLessThanOrEqual(1);
  // The poll is abandoned on the wire, not left running behind the result.
  expect(signals).toHaveLength(1);
  expect(signals[0]?.aborted).toBe(true);
  // The answer that comes after the batch ended changes nothing and draws nothing.
  answer();
  await new Promise((r) => setImmediate(r));
  expect(result.outcome).toBe('TimedOut');
  expect(events).toEqual(['done']);
});

test('a signal during a hanging poll cancels the run through the API at once', async () => {
  const { client, cancels, signals } = hangingClient();
  const { progress } = recordingProgress();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const t0 = Date.now();
  const [result] = await runSyncs(client, ['s'], {
    timeoutMs: 600_000,
    pollIntervalMs: 50,
    progress,
    signal: controller.signal,
  });
  expect(Date.now() - t0).toBeLessThan(5000);
  expect(cancels).toEqual(['s']);
  expect(signals.every((signal) => signal?.aborted)).toBe(true);
  expect(result.outcome).toBe('Cancelled');
});

test('a poll that answers within the timeout is waited for as before', async () => {
  const { client, answer } = hangingClient();
  const { events, progress } = recordingProgress();
  setTimeout(answer, 250);
  const [result] = await runSyncs(client, ['s'], { timeoutMs: 60_000, pollIntervalMs: 50, progress });
  expect(result.outcome).toBe('Success');
  expect(events).toEqual(['status s Success', 'done']);
});

/** Two syncs: `a`'s polls (and, with `hangCancel`, its cancel) never answer; `b` ends by its second poll. */
function oneHangingOneQuick(
  options: { hangCancel?: boolean; slowStartMs?: number; bothHang?: boolean } = {},
) {
  const started = new Set<string>();
  const cancels: string[] = [];
  let bPolls = 0;
  const never = new Promise<never>(() => {});
  const client = {
    getIdentitySync: async (name: string) => {
      if (!started.has(name)) return { syncStatus: 'Success', lastSync: 'before' } as WireIdentitySync;
      if (name === 'a' || options.bothHang) return never;
      bPolls += 1; // b is still going at its first poll and has ended by its second
      return (
        bPolls === 1
          ? { syncStatus: 'Pending', lastSync: 'before' }
          : { syncStatus: 'Success', lastSync: 'after' }
      ) as WireIdentitySync;
    },
    startSync: async (name: string) => {
      if (name === 'a' && options.slowStartMs) await new Promise((r) => setTimeout(r, options.slowStartMs));
      started.add(name);
      return 'started';
    },
    cancelSync: async (name: string) => {
      cancels.push(name);
      if (name === 'a' && options.hangCancel) return never;
      return 'Sync Pending Cancellation';
    },
  } as unknown as IseClient;
  return { client, cancels, started };
}

// Helper report of 2026-12-04: the polls of a round were awaited together, so one that hung stopped every
// other run from being polled, and a run that had ended was reported TimedOut.
test('a poll that hangs holds up only its own run: the other is seen to end', async () => {
  const { client } = oneHangingOneQuick();
  const { progress } = recordingProgress();
  const [a, b] = await runSyncs(client, ['a', 'b'], { timeoutMs: 500, pollIntervalMs: 50, progress });
  expect(b.outcome).toBe('Success');
  expect(a.outcome).toBe('TimedOut');
  expect(a.message).toMatch(/did not answer a status poll/);
});

// Helper report of 2026-12-04: cancels went one after another, so one that hung held back the others (and a
// second signal then left them running).
test('on a signal every run still going is cancelled at once, one hanging cancel holding up no other', async () => {
  const { client, cancels } = oneHangingOneQuick({ hangCancel: true, bothHang: true });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const { progress } = recordingProgress();
  void runSyncs(client, ['a', 'b'], {
    timeoutMs: 600_000,
    pollIntervalMs: 50,
    progress,
    signal: controller.signal,
  });
  // a's cancel never answers (the batch waits for it, as before: a second signal exits at once).
  await new Promise((r) => setTimeout(r, 450));
  expect(cancels.sort()).toEqual(['a', 'b']); // b's cancel went out although a's has not answered
});

// Helper report of 2026-12-04: --timeout covered only the polls; a start that took longer than it still let
// the next sync be started after the deadline, and that one was reported "still running in ISE".
test('no sync is started once --timeout has passed', async () => {
  const { client, started } = oneHangingOneQuick({ slowStartMs: 400 });
  const { progress } = recordingProgress();
  const [, b] = await runSyncs(client, ['a', 'b'], { timeoutMs: 200, pollIntervalMs: 50, progress });
  expect(started.has('b')).toBe(false);
  expect(b).toMatchObject({
    outcome: 'NotStarted',
    message: 'not started: --timeout passed before its turn',
  });
});

// Helper report of 2026-12-04: a --timeout past 2^31 - 1 ms overflowed Node's timer, which then fired at once.
test('a --timeout longer than a Node timer holds does not time out at once', async () => {
  const { client } = hangingClient();
  const { progress } = recordingProgress();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const [result] = await runSyncs(client, ['s'], {
    timeoutMs: 2_147_484_000,
    pollIntervalMs: 50,
    progress,
    signal: controller.signal,
  });
  expect(result.outcome).toBe('Cancelled'); // it waited until the signal, not timed out at 0.1 s
});

// Helper report of 2026-12-04: a run that ended just before the cancel got ISE's refusal ("no sync in
// progress"), and was reported "Unknown: the run may still be going" while ISE showed it Success.
test('a cancel refused because the run has just ended: that end is reported, read afresh', async () => {
  let started = false;
  let ended = false;
  const client = {
    getIdentitySync: async () =>
      (!started
        ? { syncStatus: 'Success', lastSync: 'before' }
        : ended
          ? { syncStatus: 'Success', lastSync: 'after' }
          : { syncStatus: 'Pending', lastSync: 'before' }) as WireIdentitySync,
    startSync: async () => {
      started = true;
      return 'started';
    },
    cancelSync: async () => {
      ended = true; // it ended as the cancel went out
      throw new Error('400 No sync is in progress');
    },
  } as unknown as IseClient;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 250);
  const { progress } = recordingProgress();
  const [result] = await runSyncs(client, ['s'], {
    timeoutMs: 60_000,
    pollIntervalMs: 50,
    progress,
    signal: controller.signal,
  });
  expect(result).toMatchObject({
    outcome: 'Success',
    lastSync: 'after',
    message: 'ended before the cancel reached it',
  });
});

// Helper report of 2026-12-04: a start whose answer was lost left the run Unknown and, on a signal, it was not
// cancelled, although it may well be going.
test('on a signal, a run whose start answer was lost is cancelled too', async () => {
  const cancels: string[] = [];
  const lost = new ApiError(
    { kind: 'network', method: 'GET', path: '/sync/s', outcomeUnknown: true },
    'lost',
  );
  let tStarted = false;
  const client = {
    getIdentitySync: async (name: string) =>
      (name === 't' && tStarted
        ? { syncStatus: 'Pending', lastSync: 'before' }
        : { syncStatus: 'Success', lastSync: 'before' }) as WireIdentitySync,
    startSync: async (name: string) => {
      if (name === 's') throw lost;
      tStarted = true;
      return 'started';
    },
    cancelSync: async (name: string) => {
      cancels.push(name);
      return 'Sync Pending Cancellation';
    },
  } as unknown as IseClient;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const { progress } = recordingProgress();
  const [s, t] = await runSyncs(client, ['s', 't'], {
    timeoutMs: 60_000,
    pollIntervalMs: 50,
    progress,
    signal: controller.signal,
  });
  expect(cancels.sort()).toEqual(['s', 't']);
  expect(s.outcome).toBe('Cancelled');
  expect(t.outcome).toBe('Cancelled');
});

/** A client whose polls after the start fail `failures` times in a row, then answer Success. */
function failingPolls(failures: number) {
  let started = false;
  let polls = 0;
  const client = {
    getIdentitySync: async () => {
      if (!started) return { syncStatus: 'Success', lastSync: 'before' } as WireIdentitySync;
      polls += 1;
      if (polls <= failures) throw new Error('GET failed: 500 Internal Server Error');
      return { syncStatus: 'Success', lastSync: 'after' } as WireIdentitySync;
    },
    startSync: async () => {
      started = true;
      return 'started';
    },
  } as unknown as IseClient;
  return { client, polls: () => polls };
}

// Helper report of 2026-12-04: one poll that failed without a retry (a 500) ended the watching of its run as
// Unknown, while the run went on to Success.
test('a poll that fails once does not end the watching: the next one sees the run end', async () => {
  const { client } = failingPolls(1);
  const { progress } = recordingProgress();
  const [result] = await runSyncs(client, ['s'], { timeoutMs: 60_000, pollIntervalMs: 50, progress });
  expect(result.outcome).toBe('Success');
});

test(`${MAX_FAILED_POLLS} failed polls in a row give the run up as Unknown, saying so`, async () => {
  const { client, polls } = failingPolls(100);
  const { progress } = recordingProgress();
  const [result] = await runSyncs(client, ['s'], { timeoutMs: 60_000, pollIntervalMs: 50, progress });
  expect(result.outcome).toBe('Unknown');
  expect(result.message).toMatch(
    /500 Internal Server Error \(3 polls in a row failed; the run may still be going/,
  );
  expect(polls()).toBe(MAX_FAILED_POLLS);
});
