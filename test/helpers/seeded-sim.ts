/**
 * A simulator for a test that plays one of ISE's other answers: the tests' usual simulator (test-sim.ts) with
 * the default seed and `changes` on top (`ersEnabled: false`, `namesIgnoreCase: true`).
 */
import type { RunningSimulator } from '../../src/sim';
import { loadSeed } from '../../src/sim/seed';
import { DEFAULT_SEED_FILE, type SimSeed } from '../../src/sim/types';
import { startTestSimulator } from './test-sim';

export function startSeededSimulator(changes: Partial<SimSeed> = {}): Promise<RunningSimulator> {
  return startTestSimulator({ seed: { ...loadSeed(DEFAULT_SEED_FILE).seed, ...changes } });
}
