/**
 * The simulator most tests want: an ephemeral loopback port, the tests' login (`DUO_ENV`), and sync runs that
 * end in QUICK_SYNC_MS. The product default (2 s, what `ise-duo sim` shows someone trying it) made every
 * apply that starts a sync wait two seconds for it: about 40 s of the suite's time, spent on nothing a test
 * looks at. Tests about the wait itself (sync.test.ts, cancellation, the poll schedule) set their own delay.
 */
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../src/sim';
import { DUO_ENV } from './harness';

/** Shorter than the client's first poll (100 ms), so an apply's first poll finds the run ended. */
export const QUICK_SYNC_MS = 50;

export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    username: DUO_ENV.ISE_USERNAME,
    password: DUO_ENV.ISE_PASSWORD,
    syncDelayMs: QUICK_SYNC_MS,
    ...options,
  });
}
