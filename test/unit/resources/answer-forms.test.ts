/**
 * ISE answers the reference says a reconciler must read right (audit of 2026-12-04): a schedule spelled
 * `Recurring` (the spec's description) read as none hid drift and kept applies from converging; a detail
 * body without its name made an object named "" (planned for deletion with prune); and a sync status in
 * capitals (`SUCCESS`, as the spec's `SyncUpdate` example spells it) read as still running.
 */
import type { IseClient } from '../../../src/client/types';
import type { WireIdentitySync, WireMfaConnection } from '../../../src/client/wire-types';
import { duoConnectionFromWire } from '../../../src/resources/duo-connection';
import { identitySyncFromWire } from '../../../src/resources/identity-sync';
import { runSyncs } from '../../../src/sync-runs/run-syncs';

test.each(['recurring', 'Recurring', 'RECURRING'])('schedulerSync %s is a schedule', (spelling) => {
  const sync = identitySyncFromWire({
    syncName: 'corp-ad',
    syncSchedule: {
      schedulerSync: spelling,
      interval: 2,
      intervalUnit: 'hours',
      startDate: '2026-12-01T02:00:00',
    },
  } as unknown as WireIdentitySync);
  expect(sync.schedule).toEqual({ every: 2, unit: 'hours', start: '2026-12-01T02:00:00' });
});

test('a detail without its name is the object of the name it was read by', () => {
  expect(identitySyncFromWire({} as WireIdentitySync, 'corp-ad').name).toBe('corp-ad');
  expect(duoConnectionFromWire({} as WireMfaConnection, 'corp-duo').name).toBe('corp-duo');
  // A name in the body is ISE's answer (a read answered by another name is flagged elsewhere).
  expect(identitySyncFromWire({ syncName: 'other' } as WireIdentitySync, 'corp-ad').name).toBe('other');
});

test('a sync that ends in SUCCESS (capitals) has succeeded', async () => {
  // Before the start: ended an hour ago; then running; then ended again, later.
  const answers = [
    { syncStatus: 'SUCCESS', lastSync: '2026-12-01T01:00:00' },
    { syncStatus: 'PENDING', lastSync: '2026-12-01T01:00:00' },
    { syncStatus: 'SUCCESS', lastSync: '2026-12-01T02:00:00' },
  ];
  let reads = 0;
  const client = {
    getIdentitySync: async () => ({ syncName: 'corp-ad', ...answers[Math.min(reads++, answers.length - 1)] }),
    startSync: async () => 'Sync in progress',
  } as unknown as IseClient;
  const [result] = await runSyncs(client, ['corp-ad'], {
    timeoutMs: 2000,
    pollIntervalMs: 10,
    progress: { status: () => {}, done: () => {} },
  });
  expect(result?.outcome).toBe('Success');
  expect(result?.lastSync).toBe('2026-12-01T02:00:00');
});
