/**
 * Against an ISE that stores a rule's and/or blocks rewritten (the simulator's `rewritesConditionBlocks`:
 * nested blocks of the same kind flattened, children sorted), the other answer to open question 9. An apply
 * converges, drift finds nothing, a lost answer is confirmed by a re-read and not re-sent, and a real edit is
 * one PUT whose diff names the file's path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { apply } from '../../src/commands/apply';
import { drift } from '../../src/commands/drift';
import { plan } from '../../src/commands/plan';
import type { Plan } from '../../src/model/plan';
import type { ApplyReport } from '../../src/model/reports';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import type { SimSeed } from '../../src/sim/types';
import { DUO_ENV, runCommand, tempDir, writeFile } from '../helpers/harness';

const SEED = parse(readFileSync(join(__dirname, '../../seeds/default.yaml'), 'utf8')) as SimSeed;
const device = (type: string) =>
  `{ dictionary: DEVICE, attribute: Device Type, operator: equals, value: "All Device Types#${type}" }`;

/** Router first, then a nested and of the library condition and Lab: ISE sorts and flattens all of it. */
function siteYaml(lab = 'Lab'): string {
  return [
    'version: 1',
    'ise: { username: "${env:ISE_USERNAME}", password: "${env:ISE_PASSWORD}" }',
    'mfa: { enabled: true }',
    'identitySyncs:',
    '  - { name: corp-ad, activeDirectories: [CORP_AD], adGroups: [{ source: CORP_AD, name: "corp.example.com/Users/Network Admins" }], runSync: never }',
    'duoConnections:',
    '  - name: corp-duo',
    '    identitySync: corp-ad',
    '    types: [VPN, TACACS]',
    '    apiHostName: api-1a2b3c4d.duosecurity.com',
    '    adminApi: { ikey: "${env:DUO_ADMIN_IKEY}", skey: "${env:DUO_ADMIN_SKEY}" }',
    '    authApi: { ikey: "${env:DUO_AUTH_IKEY}", skey: "${env:DUO_AUTH_SKEY}" }',
    'mfaPolicies:',
    '  - service: deviceAdmin',
    '    policySet: Routers',
    '    rules:',
    `      - { name: Lab admins, connection: corp-duo, condition: { and: [${device('Router')}, { and: [{ library: Network-Admins }, ${device(lab)}] }] } }`,
    '',
  ].join('\n');
}

describe('an ISE that rewrites and/or blocks', () => {
  let sim: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      username: DUO_ENV.ISE_USERNAME,
      password: DUO_ENV.ISE_PASSWORD,
      seed: { ...SEED, rewritesConditionBlocks: true },
    });
    dir = tempDir();
    env = { ...DUO_ENV, ISE_URL: sim.url };
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    sim.clearFaults();
  });

  const run = <T>(command: Parameters<typeof runCommand>[0]) =>
    runCommand(command, env, dir).then((r) => ({ code: r.code, out: JSON.parse(r.out) as T }));
  const applied = (file: string) =>
    run<ApplyReport>((ctx) => apply({ file, format: 'json', yes: true }, ctx));
  const planned = (file: string) => run<Plan>((ctx) => plan({ file, format: 'json' }, ctx));
  const ruleWrites = () =>
    sim.requestLog().filter((r) => r.method !== 'GET' && r.path.startsWith('/api/v1/policy/'));
  /** The rule's condition as ISE keeps it: its children's kinds, nested blocks flattened. */
  const stored = () => {
    const set = sim.snapshot().policy.deviceAdmin.policySets.find((p) => p.name === 'Routers');
    return set?.mfaRules[0]?.rule?.condition?.children?.map((c) => c.attributeValue ?? c.conditionType);
  };

  test('an apply converges, the next plan and drift find nothing', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml());
    const first = await applied(file);
    expect(first.code).toBe(0);
    expect(stored()).toEqual(['All Device Types#Lab', 'All Device Types#Router', 'ConditionReference']);
    expect((await planned(file)).out.changes).toEqual([]);
    const d = await run<{ inSync: boolean }>((ctx) => drift({ file, format: 'json' }, ctx));
    expect([d.code, d.out.inSync]).toEqual([0, true]);
  });

  test('a create whose answer is lost is confirmed by a re-read, not sent again', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml());
    sim.addFault({ method: 'POST', path: '/api/v1/policy/device-admin/*', kind: 'lost-response' });
    const r = await applied(file);
    expect(r.code).toBe(0);
    expect(r.out.result.applied).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'mfa-rule', confirmedByReread: true })]),
    );
    expect(ruleWrites().map((w) => w.method)).toEqual(['POST']);
  });

  test("a real edit is one PUT, reported at the file's path", async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml());
    expect((await applied(file)).code).toBe(0);
    writeFile(dir, 'site.yaml', siteYaml('Lab2'));
    const p = (await planned(file)).out;
    expect(p.changes).toEqual([
      expect.objectContaining({
        kind: 'mfa-rule',
        action: 'update',
        fields: [
          {
            field: 'condition.and[1].and[1].value',
            before: 'All Device Types#Lab',
            after: 'All Device Types#Lab2',
          },
        ],
      }),
    ]);
    sim.clearLog();
    expect((await applied(file)).code).toBe(0);
    expect(ruleWrites().map((w) => w.method)).toEqual(['PUT']);
    expect((await planned(file)).out.changes).toEqual([]);
  });
});
