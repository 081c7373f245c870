/**
 * The sync-run poll adapts: the first poll comes after FIRST_POLL_MS, each later wait doubles up to the
 * poll interval. A run that ends quickly is seen at the first poll instead of after a full interval.
 */
import type { IseClient } from '../../../src/client/types';
import type { WireIdentitySync } from '../../../src/client/wire-types';
import { FIRST_POLL_MS, pollDelayMs, runSyncs, SAME_SECOND_MS } from '../../../src/sync-runs/run-syncs';

test('short first, then doubling, capped at the interval', () => {
  expect(FIRST_POLL_MS).toBe(100);
  expect([0, 1, 2, 3, 4, 5, 60].map((n) => pollDelayMs(n, 1000))).toEqual([
    100, 200, 400, 800, 1000, 1000, 1000,
  ]);
  expect(pollDelayMs(0, 20)).toBe(20);
});

/** A client whose sync shows `statuses` in turn, one per getIdentitySync after the start. */
function scriptedClient(statuses: string[]): { client: IseClient; polls: () => number } {
  let started = false;
  let polls = 0;
  const sync = (syncStatus: string, lastSync: string): WireIdentitySync =>
    ({ syncStatus, lastSync }) as never;
  const client = {
    getIdentitySync: async () => {
      if (!started) return sync('Success', 'before');
      polls++;
      return sync(statuses[Math.min(polls, statuses.length) - 1], `run-${polls}`);
    },
    startSync: async () => {
      started = true;
      return 'started';
    },
  } as unknown as IseClient;
  return { client, polls: () => polls };
}

const progress = { status: () => {}, done: () => {} };

test('a run that has ended by the first poll is done after one poll, with a long interval', async () => {
  const { client, polls } = scriptedClient(['Success']);
  const [result] = await runSyncs(client, ['s'], { timeoutMs: 60_000, pollIntervalMs: 60_000, progress });
  expect(result.outcome).toBe('Success');
  expect(polls()).toBe(1);
});

test('a run still going is polled again until it ends', async () => {
  const { client, polls } = scriptedClient(['Pending', 'Running', 'Success']);
  const [result] = await runSyncs(client, ['s'], { timeoutMs: 60_000, pollIntervalMs: 60_000, progress });
  expect(result.outcome).toBe('Success');
  expect(polls()).toBe(3);
});

test('a run that ended within the second of the previous one (lastSync unchanged) counts as ended after SAME_SECOND_MS', async () => {
  let started = false;
  const client = {
    getIdentitySync: async () => ({ syncStatus: 'Success', lastSync: '2026-01-01T00:00:00' }),
    startSync: async () => {
      started = true;
      return 'started';
    },
  } as unknown as IseClient;
  let t = 0;
  const now = () => (t += 250); // each reading of the clock: a quarter second later
  const [result] = await runSyncs(client, ['s'], { timeoutMs: 60_000, pollIntervalMs: 100, progress, now });
  expect(started).toBe(true);
  expect(result.outcome).toBe('Success');
  expect(result.message).toMatch(/ended within the second of the previous run/);
  expect(result.seconds).toBeGreaterThanOrEqual(SAME_SECOND_MS / 1000);
});
