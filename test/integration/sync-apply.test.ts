/**
 * apply's pending identity sync runs against the simulator, by each sync's runSync policy: onChange runs a
 * created or regrouped sync, always runs one even with no changes (given consent), never does not;
 * `--no-run-sync` skips them; a run that cannot start fails the apply after it converged.
 */
import { apply } from '../../src/commands/apply';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { DUO_ENV, runCommand, siteYaml, tempDir, twoSyncs, writeFile } from '../helpers/harness';
import { applyStoppedDuringSyncRun } from '../helpers/stopped-sync-run';

const SYNC_PATH = '/api/v1/duo-identitysync/identitysync/sync/';

describe("apply's pending sync runs (runSync)", () => {
  let sim: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const started = () =>
    sim
      .requestLog()
      .filter((r) => r.path.startsWith(SYNC_PATH))
      .map((r) => r.path.slice(SYNC_PATH.length));
  const applyFile = (yaml: string, extra: { yes?: boolean } = { yes: true }) => {
    writeFile(dir, 'site.yaml', yaml);
    sim.clearLog();
    return runCommand(
      (ctx) => apply({ file: 'site.yaml', format: 'text', ...extra, syncPollIntervalMs: 20 }, ctx),
      env,
      dir,
    );
  };

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      username: 'admin',
      password: DUO_ENV.ISE_PASSWORD,
      syncDelayMs: 60,
    });
    dir = tempDir();
    env = { ...DUO_ENV, ISE_URL: sim.url };
  });
  afterAll(() => sim.stop());

  test('onChange (default) runs a created sync; never does not', async () => {
    const r = await applyFile(twoSyncs({ lab: 'never' }));
    expect(r.code).toBe(0);
    expect(started()).toEqual(['corp-ad']);
    expect(r.err).toMatch(/Starting identity sync "corp-ad"\.\nidentity sync "corp-ad": Success after/);
  });

  test('onChange: nothing changed, nothing run', async () => {
    const r = await applyFile(twoSyncs({ lab: 'never' }));
    expect(r.code).toBe(0);
    expect(started()).toEqual([]);
  });

  test('onChange: changed groups run it', async () => {
    const r = await applyFile(twoSyncs({ lab: 'never' }, ['VPN Users', 'Domain Admins']));
    expect(r.code).toBe(0);
    expect(started()).toEqual(['corp-ad']);
  });

  test('always: runs with no changes, given --yes; skipped without consent, which is not success', async () => {
    const yaml = twoSyncs({ lab: 'always' }, ['VPN Users', 'Domain Admins']);
    const skipped = await applyFile(yaml, {});
    // As apply without --yes and no terminal: a pipeline that forgot --yes must not pass (audit of 2026-12-02).
    expect(skipped.code).toBe(1);
    expect(skipped.err).toContain(
      'Not started: identity sync "lab-ad" (pass --yes to start them without a terminal).',
    );
    expect(started()).toEqual([]);
    const r = await applyFile(yaml);
    expect(r.code).toBe(0);
    expect(started()).toEqual(['lab-ad']);
  });

  test('--no-run-sync skips them and says which', async () => {
    writeFile(dir, 'site.yaml', twoSyncs({ lab: 'always' }, ['VPN Users', 'Domain Admins']));
    sim.clearLog();
    const r = await runCommand(
      (ctx) => apply({ file: 'site.yaml', format: 'text', yes: true, runSync: false }, ctx),
      env,
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('Not started (--no-run-sync): identity sync "lab-ad".');
    expect(started()).toEqual([]);
  });

  test('a run that cannot start fails the apply (exit 1) after a converged apply', async () => {
    sim.addFault({ method: 'GET', path: `${SYNC_PATH}lab-ad`, kind: '500' });
    const r = await applyFile(twoSyncs({ lab: 'always' }, ['VPN Users', 'Domain Admins']));
    sim.clearFaults();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/identity sync "lab-ad": NotStarted/);
  });

  // Helper report of 2026-12-04: the run was started and then cancelled by the signal, yet the line said
  // "Not started (the apply did not finish)", though the apply had finished.
  test('a signal during the run an apply owes: the line says it was stopped, and how to run it again', async () => {
    const { result, err } = await applyStoppedDuringSyncRun(sim, { dir, env, file: 'stopped.yaml' });
    expect(result.exitCode).toBe(130);
    expect(err).toContain(
      'Stopped by the signal: the run of identity sync "corp-ad" (see above). A later apply will not start it ' +
        'again: run ise-duo sync stopped.yaml corp-ad',
    );
    expect(err).not.toContain('Not started (the apply did not finish)');
  });

  // Helper report of 2026-12-04: a fleet apply interrupted during its sync runs showed "applied" for the
  // target, beside exit 130.
  test("the target's summary (the fleet table's result) says the sync runs were interrupted", async () => {
    const { result } = await applyStoppedDuringSyncRun(sim, { dir, env, file: 'stopped.yaml' });
    expect(result.exitCode).toBe(130);
    expect(result.summary?.result).toBe('applied; sync runs interrupted');
  });

  // Audit of 2026-12-02: an apply that stopped after creating a sync lost its run for good, silently.
  test('an apply that stops after creating a sync says the run it owes, and how to start it', async () => {
    sim.reset();
    sim.addFault({ method: 'POST', path: '/api/v1/duo-mfa/mfa', kind: '500' });
    writeFile(dir, 'owed.yaml', siteYaml({}));
    const r = await runCommand(
      (ctx) => apply({ file: 'owed.yaml', format: 'text', yes: true, syncPollIntervalMs: 20 }, ctx),
      env,
      dir,
    );
    sim.clearFaults();
    expect(r.code).toBe(5);
    expect(started()).toEqual([]);
    expect(r.err).toContain(
      'Not started (the apply did not finish): identity sync "corp-ad". A later apply will not start it: ' +
        'once ISE matches the file, run ise-duo sync owed.yaml corp-ad',
    );
  });
});
