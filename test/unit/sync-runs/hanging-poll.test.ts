/**
 * `--timeout` bounds the whole wait, a hanging status poll included, and a signal during such a poll cancels
 * the run at once. Before, each poll was awaited to its end: with ISE's request timeout (30 s) and retries,
 * `sync --timeout 5` could wait minutes and then say "after 5 s", and SIGTERM waited for the poll too.
 */
import type { IseClient } from '../../../src/client/types';
import type { WireIdentitySync } from '../../../src/client/wire-types';
import { runSyncs } from '../../../src/sync-runs/run-syncs';

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
