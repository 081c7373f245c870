/**
 * A simulator for a test that plays one of ISE's other answers: an ephemeral loopback port, the tests'
 * login (`DUO_ENV`), and the default seed with `changes` on top (`ersEnabled: false`, `namesIgnoreCase: true`).
 */
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { loadSeed } from '../../src/sim/seed';
import { DEFAULT_SEED_FILE, type SimSeed } from '../../src/sim/types';
import { DUO_ENV } from './harness';

export function startSeededSimulator(changes: Partial<SimSeed> = {}): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    username: DUO_ENV.ISE_USERNAME,
    password: DUO_ENV.ISE_PASSWORD,
    seed: { ...loadSeed(DEFAULT_SEED_FILE).seed, ...changes },
  });
}
