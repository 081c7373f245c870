/**
 * The core loop against the simulator over loopback HTTP, through a sequence of desired states. After every
 * apply the next plan must be empty, a no-op apply sends zero writes, and each change sends exactly one.
 */
import { apply } from '../../src/commands/apply';
import { plan } from '../../src/commands/plan';
import type { Plan } from '../../src/model/plan';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const WRITES = new Set(['POST', 'PUT', 'DELETE']);

describe('plan → apply → plan, step by step', () => {
  let sim: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sim = await startTestSimulator();
    dir = tempDir();
    env = { ...DUO_ENV, ISE_URL: sim.url };
  });
  afterAll(() => sim.stop());

  const writes = () =>
    sim
      .requestLog()
      // The key pre-flight (POST testconnection) changes no configuration: it is not a write.
      .filter((r) => WRITES.has(r.method) && !r.path.includes('/testconnection/'))
      .map((r) => `${r.method} ${r.path}`);

  async function planJson(file: string): Promise<Plan> {
    const r = await runCommand((ctx) => plan({ file, format: 'json' }, ctx), env, dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as Plan;
  }

  /** Applies `yaml`, checks one write per change and convergence, and returns the writes sent. */
  async function applyStep(yaml: string, flags: { allowCritical?: boolean } = {}) {
    const file = writeFile(dir, 'site.yaml', yaml);
    const before = await planJson(file);
    sim.clearLog();
    const r = await runCommand((ctx) => apply({ file, format: 'json', yes: true, ...flags }, ctx), env, dir);
    const sent = writes();
    return { before, r, sent, file };
  }

  async function expectConverged(file: string) {
    sim.clearLog();
    expect((await planJson(file)).changes).toEqual([]);
    expect(writes()).toEqual([]);
  }

  test('1. everything from an empty ISE: status, enable, create sync, create connection, in that order', async () => {
    const { before, r, sent, file } = await applyStep(siteYaml({}));
    expect(r.code).toBe(0);
    expect(before.changes.map((c) => `${c.kind}.${c.action}`)).toEqual([
      'mfa.enable',
      'identity-sync.create',
      'duo-connection.create',
    ]);
    expect(sent).toEqual([
      'PUT /api/v1/duo-mfa/enable',
      'POST /api/v1/duo-identitysync/identitysync',
      'POST /api/v1/duo-mfa/mfa',
    ]);
    await expectConverged(file);
  });

  test('a no-op apply sends zero writes', async () => {
    const { r, sent } = await applyStep(siteYaml({}));
    expect(r.code).toBe(0);
    expect(sent).toEqual([]);
  });

  test('2. changed groups: one PUT of the sync', async () => {
    const { before, r, sent, file } = await applyStep(
      siteYaml({ groups: ['corp.example.com/Users/VPN Users', 'corp.example.com/Users/Domain Admins'] }),
    );
    expect(r.code).toBe(0);
    expect(before.changes.map((c) => c.fields.map((f) => f.field))).toEqual([['adGroups']]);
    expect(sent).toEqual(['PUT /api/v1/duo-identitysync/identitysync/corp-ad']);
    await expectConverged(file);
  });

  test('3. a rotated secret: the plan shows it hidden, apply sends it', async () => {
    env.DUO_AUTH_SKEY = 'auth-skey-rotated-canary-000000000000000002';
    const { before, r, sent, file } = await applyStep(
      siteYaml({ groups: ['corp.example.com/Users/VPN Users', 'corp.example.com/Users/Domain Admins'] }),
    );
    expect(r.code).toBe(0);
    expect(before.changes[0].fields).toEqual([{ field: 'adminApi.skey, authApi.skey', sensitive: true }]);
    expect(JSON.stringify(before)).not.toContain(env.DUO_AUTH_SKEY);
    expect(sent).toEqual(['PUT /api/v1/duo-mfa/mfa/corp-duo']);
    const stored = sim.snapshot().connections.find((c) => c.connectionName === 'corp-duo');
    expect(stored?.accountConfigurations?.authenticationApi?.sKey).toBe(env.DUO_AUTH_SKEY);
    await expectConverged(file);
  });

  const twoConnections = {
    groups: ['corp.example.com/Users/VPN Users', 'corp.example.com/Users/Domain Admins'],
    connections: [{ name: 'corp-duo' }, { name: 'corp duo 2', description: 'second' }],
  };

  test('4. a second connection: one POST, name with a space', async () => {
    const { r, sent, file } = await applyStep(siteYaml(twoConnections));
    expect(r.code).toBe(0);
    expect(sent).toEqual(['POST /api/v1/duo-mfa/mfa']);
    await expectConverged(file);
  });

  test('5a. removal with prune off: left alone, listed as unmanaged', async () => {
    const { before, r, sent } = await applyStep(
      siteYaml({ ...twoConnections, connections: [{ name: 'corp-duo' }] }),
    );
    expect(r.code).toBe(0);
    expect(before.unmanaged).toEqual([{ kind: 'duo-connection', name: 'corp duo 2' }]);
    expect(sent).toEqual([]);
  });

  test('5b. removal with prune on: critical, refused without --allow-critical, deleted with it', async () => {
    const yaml = siteYaml({ ...twoConnections, connections: [{ name: 'corp-duo' }], prune: true });
    const refused = await applyStep(yaml);
    expect(refused.r.code).toBe(3);
    expect(refused.r.err).toMatch(/--allow-critical/);
    expect(refused.sent).toEqual([]);
    const { r, sent, file } = await applyStep(yaml, { allowCritical: true });
    expect(r.code).toBe(0);
    expect(sent).toEqual(['DELETE /api/v1/duo-mfa/mfa/corp%20duo%202']);
    await expectConverged(file);
  });

  test('6. disabling MFA: refused without --allow-critical, done with it', async () => {
    const yaml = siteYaml({ mfa: false });
    const refused = await applyStep(yaml);
    expect(refused.r.code).toBe(3);
    expect(refused.sent).toEqual([]);
    const { r, sent, file } = await applyStep(yaml, { allowCritical: true });
    expect(r.code).toBe(0);
    expect(sent).toEqual(['PUT /api/v1/duo-mfa/enable']);
    expect(sim.snapshot().mfaEnabled).toBe(false);
    await expectConverged(file);
  });

  // The simulator keeps Duo objects while MFA is off (ISE's behaviour is undocumented): the plan cannot see
  // them then and plans creates; the enable brings them back (audit of 2026-12-02). Here ISE kept the sync
  // with the groups of step 2, which the file no longer has.
  test('7. MFA on again, and ISE kept an object that differs: the apply stops there, saying what to do', async () => {
    const { before, r } = await applyStep(siteYaml({}));
    expect(before.changes.map((c) => `${c.kind}.${c.action}`)).toEqual([
      'mfa.enable',
      'identity-sync.create',
      'duo-connection.create',
    ]);
    expect(r.code).toBe(5);
    const failed = JSON.parse(r.out).result.failed as { name: string; explanation?: string };
    expect(failed.name).toBe('corp-ad');
    expect(failed.explanation).toBe(
      'ISE kept identity-sync "corp-ad" while MFA was off, where the plan could not see it, and it differs ' +
        'from the file: run plan again (with MFA on, it shows the difference) and apply that',
    );
    const again = await applyStep(siteYaml({}));
    expect(again.before.changes.map((c) => `${c.kind}.${c.action}`)).toEqual(['identity-sync.update']);
    expect(again.r.code).toBe(0);
  });

  test("8. MFA off and on again with the same file: what ISE kept is taken as planned, and said to be ISE's", async () => {
    expect((await applyStep(siteYaml({ mfa: false }), { allowCritical: true })).r.code).toBe(0);
    const { r, sent, file } = await applyStep(siteYaml({}));
    expect(r.code).toBe(0);
    const applied = JSON.parse(r.out).result.applied as Array<{ kind: string; madeBy?: string }>;
    expect(applied.map((a) => `${a.kind}:${a.madeBy ?? ''}`)).toEqual([
      'mfa:',
      'identity-sync:kept-while-off',
      'duo-connection:kept-while-off',
    ]);
    expect(sent.filter((w) => w.startsWith('POST'))).toHaveLength(2); // refused as duplicates: nothing doubled
    await expectConverged(file);
  });
});
