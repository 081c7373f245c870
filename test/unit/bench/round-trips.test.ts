/**
 * The bench's dependent-round-trip count (bench/round-trips.cjs), on hand-made logs whose answer is known,
 * then on a real simulator log: a read of status, then three lists together, then two details together is
 * three dependent round trips whatever the number of requests.
 */
import { type RunningSimulator, startSimulator } from '../../../src/sim';
import { TOGETHER_LATENCY_MS } from '../../helpers/together';

interface Entry {
  arrivedAtMs: number;
  completedAtMs?: number;
}
const { dependentRoundTrips, longestChain } = require('../../../bench/round-trips.cjs') as {
  dependentRoundTrips(log: Entry[]): number;
  longestChain(log: Entry[]): Entry[];
};

const at = (arrivedAtMs: number, completedAtMs?: number): Entry => ({ arrivedAtMs, completedAtMs });

test('an empty log has no round trips; concurrent requests count once', () => {
  expect(dependentRoundTrips([])).toBe(0);
  expect(dependentRoundTrips([at(0, 50), at(1, 51), at(2, 52)])).toBe(1);
});

test('a request arriving after another completed depends on it; one arriving before does not', () => {
  expect(dependentRoundTrips([at(0, 50), at(50, 100)])).toBe(2);
  expect(dependentRoundTrips([at(0, 50), at(49.9, 100)])).toBe(1);
});

test('the longest chain wins, not the number of waits', () => {
  // a -> b -> c is a chain of 3; d waits only for a; e overlaps everything.
  const log = [at(0, 10), at(10, 20), at(20, 30), at(11, 40), at(0, 100)];
  expect(dependentRoundTrips(log)).toBe(3);
  expect(longestChain(log)).toEqual([log[0], log[1], log[2]]);
});

test('a request that never completed holds up nothing', () => {
  expect(dependentRoundTrips([at(0), at(10, 20), at(30, 40)])).toBe(2);
});

describe('on a simulator log', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      username: 'u',
      password: 'p',
      seed: { activeDirectories: [], mfaEnabled: true },
    });
  });
  afterAll(() => sim.stop());

  test('status, then three lists together, then two details together: 3 round trips', async () => {
    sim.setLatency(TOGETHER_LATENCY_MS);
    const get = (path: string) =>
      fetch(`${sim.url}/api/v1/${path}`, { headers: { Authorization: `Basic ${btoa('u:p')}` } });
    await get('duo-mfa/status');
    await Promise.all([get('duo-mfa/mfa'), get('duo-identitysync/identitysync'), get('duo-mfa/status')]);
    await Promise.all([get('duo-mfa/status'), get('duo-mfa/status')]);
    const log = sim.requestLog();
    expect(log).toHaveLength(6);
    expect(dependentRoundTrips(log)).toBe(3);
  });
});
