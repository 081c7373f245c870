/**
 * A simulator for one `describe` block of integration tests: started before its tests on a free loopback
 * port, stopped after them, with a temp folder for the files and the environment that points at it.
 * The fields are set once `beforeAll` has run, so tests read them as `site.sim`, `site.dir`, `site.env`.
 */
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, tempDir } from './harness';
import { startTestSimulator } from './test-sim';

export interface SiteSimulator {
  sim: RunningSimulator;
  dir: string;
  env: NodeJS.ProcessEnv;
}

export function useSiteSimulator(
  start: () => Promise<RunningSimulator> = () => startTestSimulator(),
  options: {
    /** The environment besides ISE_URL (default DUO_ENV). */
    env?: NodeJS.ProcessEnv;
    /** Back to the seed before each test (objects, request log, faults). Default false. */
    resetEach?: boolean;
  } = {},
): SiteSimulator {
  const site = {} as SiteSimulator;
  beforeAll(async () => {
    site.sim = await start();
    site.dir = tempDir();
    site.env = { ...(options.env ?? DUO_ENV), ISE_URL: site.sim.url };
  });
  afterAll(() => site.sim.stop());
  if (options.resetEach) beforeEach(() => site.sim.reset());
  return site;
}
