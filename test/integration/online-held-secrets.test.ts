/**
 * Audit of the ERS check (2026-12-02, finding 1): `validate --online` built its client without the file's
 * keys, so a join point on ISE whose name holds one of them was printed in full in the "ISE has:" list of
 * an error, where `plan` showed `(sensitive)`. Both lookups are covered: Duo's (MFA on) and ERS's (MFA off).
 */
import { validate } from '../../src/commands/validate';
import { type RunningSimulator, type SimSeed, startSimulator } from '../../src/sim';
import { loadSeed } from '../../src/sim/seed';
import { DEFAULT_SEED_FILE } from '../../src/sim/types';
import { fragmentLeaks } from '../helpers/fragments';
import { DUO_ENV, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';

/** The canaries share no 8-character piece, so a fragment found names the secret it is from. */
const ENV = {
  ...DUO_ENV,
  ISE_PASSWORD: 'Pw-online-qXwBvNmTzR',
  DUO_ADMIN_SKEY: 'AdminOnlnKcVbWqZxRtYuPlMnBvCxZaSdFgHjKlQ',
  DUO_AUTH_SKEY: 'AuthOnlnEwRtYuIoPaSdFgHjKlZxCvBnMqWeRtYu',
};
const CANARIES = [ENV.DUO_ADMIN_SKEY, ENV.DUO_AUTH_SKEY, ENV.ISE_PASSWORD];

/** Join points named after the admin sKey and after the auth sKey, beside the seed's. */
function seed(mfaEnabled: boolean): SimSeed {
  const world = loadSeed(DEFAULT_SEED_FILE).seed;
  const held = (name: string, n: number) => ({
    name,
    directoryID: `7c1d2e3f-d0f8-11ee-9fe9-4ed55d83a1a${n}`,
    domain: `held${n}.example.com`,
    groups: [],
  });
  return {
    ...world,
    mfaEnabled,
    activeDirectories: [...world.activeDirectories, held(ENV.DUO_ADMIN_SKEY, 1), held(ENV.DUO_AUTH_SKEY, 2)],
  };
}

// A join point ISE lacks, so the message lists the join points ISE has.
const FILE = siteYaml({}).replace('activeDirectories: [CORP_AD]', 'activeDirectories: [CORP_AD, NO_SUCH_AD]');

let on: RunningSimulator;
let off: RunningSimulator;
let dir: string;

beforeAll(async () => {
  const login = { port: 0, username: ENV.ISE_USERNAME, password: ENV.ISE_PASSWORD };
  on = await startSimulator({ ...login, seed: seed(true) });
  off = await startSimulator({ ...login, seed: seed(false) });
  dir = tempDir();
  writeFile(dir, 'site.yaml', FILE);
});
afterAll(async () => {
  await on.stop();
  await off.stop();
});

test.each([
  ['MFA on (Duo lookups)', () => on],
  ['MFA off (ERS)', () => off],
])(
  '%s: what ISE has is listed with (sensitive) for the join points named after a key',
  async (_what, sim) => {
    for (const format of ['text', 'json'] as const) {
      const r = await runCommand(
        (ctx) => validate({ files: ['site.yaml'], format, online: true }, ctx),
        { ...ENV, ISE_URL: sim().url },
        dir,
      );
      expect(r.code).toBe(1);
      expect(fragmentLeaks(`validate --online ${format}`, r.out + r.err + r.logs, CANARIES)).toEqual([]);
      expect(r.out).toMatch(/AD join point \\?"NO_SUCH_AD\\?" is not on ISE .*\(sensitive\)/);
    }
  },
);
