/**
 * Sync runs (#16/#17): Pending, then Success with a fresh local `lastSync` after the configured delay; a
 * cancel goes through Pending Cancellation to Cancelled (for half a run). The 600 ms run leaves room to
 * observe the transient states on a loaded CI machine, and is still short.
 */
import type { AxiosInstance } from 'axios';
import type { RunningSimulator } from '../../../src/sim/index';
import { client, IDS, MFA, seedObjects, sleep, startTestSim, syncBody, waitFor } from './helpers';

const RUN_MS = 600;
let sim: RunningSimulator;
let http: AxiosInstance;

beforeAll(async () => {
  sim = await startTestSim({ syncDelayMs: RUN_MS });
  http = client(sim);
});
afterAll(() => sim.stop());
beforeEach(async () => {
  sim.reset();
  await seedObjects(http);
});

const syncOf = async () => (await http.get(`${IDS}/identitysync/corp-sync`)).data.response.identitySync;
const listed = async () => (await http.get(`${IDS}/identitysync`)).data.response[0];

it('starts a sync: Pending, then Success with lastSync as local YYYY-MM-DDTHH:mm:ss', async () => {
  const before = Date.now();
  const res = await http.get(`${IDS}/identitysync/sync/corp-sync`);
  expect([res.status, res.data]).toEqual([200, 'Sync in progress']);
  expect((await syncOf()).syncStatus).toBe('Pending');
  expect((await listed()).syncStatus).toBe('Pending');
  await waitFor(async () => (await syncOf()).syncStatus === 'Success');
  const { lastSync } = await syncOf();
  expect(lastSync).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  const [date, time] = lastSync.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = time.split(':').map(Number);
  const local = new Date(y, mo - 1, d, h, mi, s).getTime();
  expect(local).toBeGreaterThanOrEqual(before - 1000);
  expect(local).toBeLessThanOrEqual(Date.now());
  expect((await listed()).lastSync).toBe(lastSync);
});

it('refuses a second start while a run is in progress, and a sync of an unknown name', async () => {
  await http.get(`${IDS}/identitysync/sync/corp-sync`);
  const again = await http.get(`${IDS}/identitysync/sync/corp-sync`);
  expect([again.status, again.data.message]).toEqual([400, expect.stringMatching(/already in progress/)]);
  expect((await http.get(`${IDS}/identitysync/sync/nope`)).status).toBe(404);
});

it('cancels a run: Pending Cancellation, then Cancelled, never Success', async () => {
  await http.get(`${IDS}/identitysync/sync/corp-sync`);
  const res = await http.get(`${IDS}/identitysync/sync/cancel/corp-sync`);
  expect([res.status, res.data]).toEqual([200, 'Sync Pending Cancellation']);
  expect((await syncOf()).syncStatus).toBe('Pending Cancellation');
  await waitFor(async () => (await syncOf()).syncStatus === 'Cancelled');
  await sleep(RUN_MS);
  expect((await syncOf()).syncStatus).toBe('Cancelled');
});

it('refuses a cancel when no run is in progress', async () => {
  const res = await http.get(`${IDS}/identitysync/sync/cancel/corp-sync`);
  expect([res.status, res.data.message]).toEqual([400, expect.stringMatching(/No sync .* in progress/)]);
  expect((await http.get(`${IDS}/identitysync/sync/cancel/nope`)).status).toBe(404);
});

it('keeps lastSync and syncStatus across an update of the sync', async () => {
  await http.get(`${IDS}/identitysync/sync/corp-sync`);
  await waitFor(async () => (await syncOf()).syncStatus === 'Success');
  const { lastSync } = await syncOf();
  const body = {
    identitySync: { ...(await syncOf()), lastSync: '1999-01-01T00:00:00', syncStatus: 'Failed' },
  };
  expect((await http.put(`${IDS}/identitysync/corp-sync`, body)).status).toBe(200);
  expect(await syncOf()).toMatchObject({ lastSync, syncStatus: 'Success' });
});

it('forgets the run of a sync deleted while Pending: a new sync of that name is not touched', async () => {
  await http.delete(`${MFA}/mfa/corp-duo`);
  await http.get(`${IDS}/identitysync/sync/corp-sync`);
  expect((await http.delete(`${IDS}/identitysync/corp-sync`)).status).toBe(200);
  expect((await http.post(`${IDS}/identitysync`, syncBody('corp-sync'))).status).toBe(200);
  await sleep(RUN_MS + 100);
  expect(await syncOf()).not.toHaveProperty('syncStatus');
});
