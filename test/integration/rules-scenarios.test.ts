import { apply } from '../../src/commands/apply';
import { plan } from '../../src/commands/plan';
import type { Change, Plan } from '../../src/model/plan';
import type { SimSeed } from '../../src/sim/types';
import { DUO_ENV, runCommand, writeFile } from '../helpers/harness';
import { device as DEVICE, startRulesSimulator } from '../helpers/rule-site';
import { useSiteSimulator } from '../helpers/site-sim';

const WRITES = new Set(['POST', 'PUT', 'DELETE']);
const KIND_PATH = { deviceAdmin: 'device-admin', networkAccess: 'network-access' } as const;

interface Rule {
  name: string;
  connection?: string;
  condition?: string;
  state?: string;
  onFailure?: string;
}

/** A file with MFA on, one sync, the given connections and the rules of Routers (and VPN Users). */
function rulesYaml(parts: {
  routers: Rule[];
  vpn?: Rule[];
  connections?: string[];
  prune?: boolean;
  keys?: string;
}): string {
  const lines = [
    'version: 1',
    'ise: { username: "${env:ISE_USERNAME}", password: "${env:ISE_PASSWORD}" }',
    'mfa: { enabled: true }',
    'identitySyncs:',
    '  - name: corp-ad',
    '    activeDirectories: [CORP_AD]',
    '    adGroups: [{ source: CORP_AD, name: "corp.example.com/Users/Network Admins" }]',
    '    runSync: never',
    'duoConnections:',
  ];
  for (const c of parts.connections ?? ['corp-duo']) {
    const k = parts.keys ?? 'DUO';
    lines.push(
      `  - name: ${c}`,
      '    identitySync: corp-ad',
      '    types: [VPN, TACACS]',
      '    apiHostName: api-1a2b3c4d.duosecurity.com',
      `    adminApi: { ikey: "\${env:${k}_ADMIN_IKEY}", skey: "\${env:${k}_ADMIN_SKEY}" }`,
      `    authApi: { ikey: "\${env:${k}_AUTH_IKEY}", skey: "\${env:${k}_AUTH_SKEY}" }`,
    );
  }
  const rules = (list: Rule[]) =>
    list.flatMap((r) => [
      `      - name: ${r.name}`,
      `        connection: ${r.connection ?? 'corp-duo'}`,
      `        condition: ${r.condition ?? DEVICE('Router')}`,
      ...(r.state ? [`        state: ${r.state}`] : []),
      ...(r.onFailure ? [`        onFailure: ${r.onFailure}`] : []),
    ]);
  lines.push(
    'mfaPolicies:',
    '  - service: deviceAdmin',
    '    policySet: Routers',
    '    rules:',
    ...rules(parts.routers),
  );
  if (parts.vpn) {
    lines.push('  - service: networkAccess', '    policySet: VPN Users', '    rules:', ...rules(parts.vpn));
  }
  lines.push(`prune: ${parts.prune ?? false}`);
  return `${lines.join('\n')}\n`;
}

const ENV = {
  ...DUO_ENV,
  NEW_ADMIN_IKEY: 'DINEWADMINIKEY000001',
  NEW_ADMIN_SKEY: 'new-admin-skey-canary-000000000000000001',
  NEW_AUTH_IKEY: 'DINEWAUTHIKEY0000001',
  NEW_AUTH_SKEY: 'new-auth-skey-canary-0000000000000000001',
};

/** The request a change sends: method and path (ids from the plan). */
function requestOf(c: Change): string {
  switch (c.kind) {
    case 'mfa':
      return 'PUT /api/v1/duo-mfa/enable';
    case 'identity-sync':
      return c.action === 'create'
        ? 'POST /api/v1/duo-identitysync/identitysync'
        : `${c.action === 'update' ? 'PUT' : 'DELETE'} /api/v1/duo-identitysync/identitysync/${c.name}`;
    case 'duo-connection':
      return c.action === 'create'
        ? 'POST /api/v1/duo-mfa/mfa'
        : `${c.action === 'update' ? 'PUT' : 'DELETE'} /api/v1/duo-mfa/mfa/${c.name}`;
    default: {
      const base = `/api/v1/policy/${KIND_PATH[c.target.service]}/policy-set/${c.target.policySetId}/mfa`;
      if (c.action === 'create') return `POST ${base}`;
      return `${c.action === 'delete' ? 'DELETE' : 'PUT'} ${base}/${c.ruleId}`;
    }
  }
}

describe.each<[string, Partial<SimSeed>]>([
  ['the default seed', {}],
  ['a Default MFA rule', { defaultMfaRule: true }],
  ['condition blocks rewritten', { rewritesConditionBlocks: true }],
  ['connections answered by host name', { rulesAnswerConnectionHost: true }],
])('MFA rules, step by step (simulator: %s)', (_setting, answers) => {
  const defaultMfaRule = answers.defaultMfaRule === true;
  const site = useSiteSimulator(() => startRulesSimulator(answers), { env: ENV });

  const writes = () =>
    site.sim
      .requestLog()
      .filter((r) => WRITES.has(r.method) && !r.path.includes('/testconnection/'))
      .map((r) => `${r.method} ${decodeURIComponent(r.path)}`);

  async function planJson(file: string): Promise<{ code: number; plan?: Plan; err: string }> {
    const r = await runCommand((ctx) => plan({ file, format: 'json' }, ctx), site.env, site.dir);
    return { code: r.code, plan: r.code === 0 ? (JSON.parse(r.out) as Plan) : undefined, err: r.err };
  }

  /** Applies `yaml`; checks that exactly the planned writes were sent, and that the next plan is empty. */
  async function step(yaml: string, flags: { allowCritical?: boolean } = {}) {
    const file = writeFile(site.dir, 'site.yaml', yaml);
    const before = (await planJson(file)).plan!;
    site.sim.clearLog();
    const r = await runCommand(
      (ctx) => apply({ file, format: 'json', yes: true, ...flags }, ctx),
      site.env,
      site.dir,
    );
    const sent = writes();
    if (r.code === 0) {
      expect(sent).toEqual(before.changes.map(requestOf));
      site.sim.clearLog();
      expect((await planJson(file)).plan!.changes).toEqual([]);
      expect(writes()).toEqual([]);
    }
    return { before, r, sent };
  }

  const kinds = (p: Plan) => p.changes.map((c) => `${c.kind}.${c.action}`);
  const table = (service: 'deviceAdmin' | 'networkAccess', set: string) =>
    site.sim
      .snapshot()
      .policy[service].policySets.find((p) => p.name === set)!
      .mfaRules.map((r) => r.rule?.name);

  test('1. from MFA off to rules in effect in one apply', async () => {
    const { before, r } = await step(
      rulesYaml({
        routers: [
          { name: 'Admins' },
          { name: 'Lab', condition: `{ and: [{ library: Network-Admins }, ${DEVICE('Lab')}] }` },
        ],
        vpn: [{ name: 'VPN users', condition: '{ library: Corp-VPN-Headends }' }],
      }),
    );
    expect(r.code).toBe(0);
    expect(kinds(before)).toEqual([
      'mfa.enable',
      'identity-sync.create',
      'duo-connection.create',
      'mfa-rule.create',
      'mfa-rule.create',
      'mfa-rule.create',
    ]);
    expect(table('deviceAdmin', 'Routers')).toEqual([
      'Admins',
      'Lab',
      ...(defaultMfaRule ? ['Default'] : []),
    ]);
  });

  test('2. add a rule (one POST, at its place)', async () => {
    const { before, r } = await step(
      rulesYaml({
        routers: [
          { name: 'Admins' },
          { name: 'Switch admins', condition: DEVICE('Switch') },
          { name: 'Lab', condition: `{ and: [{ library: Network-Admins }, ${DEVICE('Lab')}] }` },
        ],
        vpn: [{ name: 'VPN users', condition: '{ library: Corp-VPN-Headends }' }],
      }),
    );
    expect(r.code).toBe(0);
    expect(kinds(before)).toEqual(['mfa-rule.create']);
    expect(table('deviceAdmin', 'Routers').slice(0, 3)).toEqual(['Admins', 'Switch admins', 'Lab']);
  });

  test('3. reorder three rules (the fewest PUTs: two for a reversal)', async () => {
    const { before, r } = await step(
      rulesYaml({
        routers: [
          { name: 'Lab', condition: `{ and: [{ library: Network-Admins }, ${DEVICE('Lab')}] }` },
          { name: 'Switch admins', condition: DEVICE('Switch') },
          { name: 'Admins' },
        ],
        vpn: [{ name: 'VPN users', condition: '{ library: Corp-VPN-Headends }' }],
      }),
    );
    expect(r.code).toBe(0);
    expect(kinds(before)).toEqual(['mfa-rule.move', 'mfa-rule.move']);
    expect(table('deviceAdmin', 'Routers').slice(0, 3)).toEqual(['Lab', 'Switch admins', 'Admins']);
  });

  const ordered = (over: Partial<Rule> = {}) => [
    { name: 'Lab', condition: `{ and: [{ library: Network-Admins }, ${DEVICE('Lab')}] }` },
    { name: 'Switch admins', condition: DEVICE('Switch') },
    { name: 'Admins', ...over },
  ];
  const VPN = [{ name: 'VPN users', condition: '{ library: Corp-VPN-Headends }' }];

  test('4. change a condition (one PUT at the current rank; the diff names the path)', async () => {
    const lab = `{ and: [{ library: Network-Admins }, ${DEVICE('Lab2')}] }`;
    const { before, r } = await step(
      rulesYaml({ routers: [{ ...ordered()[0], condition: lab }, ...ordered().slice(1)], vpn: VPN }),
    );
    expect(r.code).toBe(0);
    expect(before.changes).toHaveLength(1);
    expect(before.changes[0]).toMatchObject({
      action: 'update',
      rank: 0,
      fields: [{ field: 'condition.and[1].value' }],
    });
  });

  const LAB2 = [
    { ...ordered()[0], condition: `{ and: [{ library: Network-Admins }, ${DEVICE('Lab2')}] }` },
    ...ordered().slice(1),
  ];

  test("5. rotate the connection's keys with rules present: the connection only", async () => {
    const { before, r } = await step(rulesYaml({ routers: LAB2, vpn: VPN, keys: 'NEW' }));
    expect(r.code).toBe(0);
    expect(kinds(before)).toEqual(['duo-connection.update']);
  });

  test('6. remove a rule: refused without --allow-critical (nothing sent), one DELETE with it', async () => {
    const yaml = rulesYaml({ routers: LAB2.slice(0, 2), vpn: VPN, keys: 'NEW', prune: true });
    const refused = await step(yaml);
    expect(refused.r.code).toBe(3);
    expect(refused.sent).toEqual([]);
    const { before, r } = await step(yaml, { allowCritical: true });
    expect(r.code).toBe(0);
    expect(kinds(before)).toEqual(['mfa-rule.delete']);
    expect(table('deviceAdmin', 'Routers')).not.toContain('Admins');
  });

  test('7. prune: a rule made outside the file is listed, then deleted with prune: true', async () => {
    const sets = site.sim.snapshot().policy.deviceAdmin.policySets;
    const routersId = sets.find((p) => p.name === 'Routers')!.id!;
    const auth = `Basic ${Buffer.from(`admin:${DUO_ENV.ISE_PASSWORD}`).toString('base64')}`;
    const res = await fetch(`${site.sim.url}/api/v1/policy/device-admin/policy-set/${routersId}/mfa`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        rule: {
          name: 'Hand made',
          rank: 0,
          state: 'enabled',
          condition: {
            conditionType: 'ConditionAttributes',
            dictionaryName: 'DEVICE',
            attributeName: 'Device Type',
            operator: 'equals',
            attributeValue: 'All Device Types#Router',
          },
        },
        mfaConnectionName: 'corp-duo',
        mfaResultAction: 'ACCEPT',
        mfaFailAction: 'REJECT',
      }),
    });
    expect(res.status).toBeLessThan(300);
    const kept = await step(rulesYaml({ routers: LAB2.slice(0, 2), vpn: VPN, keys: 'NEW' }));
    expect(kept.r.code).toBe(0);
    expect(kept.before.changes).toEqual([]);
    expect(kept.before.unmanaged).toEqual([{ kind: 'mfa-rule', name: 'deviceAdmin/Routers/Hand made' }]);
    const { before, r } = await step(
      rulesYaml({ routers: LAB2.slice(0, 2), vpn: VPN, keys: 'NEW', prune: true }),
      { allowCritical: true },
    );
    expect(r.code).toBe(0);
    expect(kinds(before)).toEqual(['mfa-rule.delete']);
  });

  test('8. rules repointed to a new connection while the same plan deletes the old one', async () => {
    const to = (rules: Rule[]) => rules.map((x) => ({ ...x, connection: 'new-duo' }));
    const { before, r } = await step(
      rulesYaml({
        routers: to(LAB2.slice(0, 2)),
        vpn: to(VPN),
        connections: ['new-duo'],
        keys: 'NEW',
        prune: true,
      }),
      { allowCritical: true },
    );
    expect(r.code).toBe(0);
    expect(kinds(before)).toEqual([
      'duo-connection.create',
      'mfa-rule.update',
      'mfa-rule.update',
      'mfa-rule.update',
      'duo-connection.delete',
    ]);
  });

  test('9. deleting a connection that a rule of a policy set the file does not name still uses is refused', async () => {
    const sets = site.sim.snapshot().policy.deviceAdmin.policySets;
    const switchesId = sets.find((p) => p.name === 'Switches')!.id!;
    const auth = `Basic ${Buffer.from(`admin:${DUO_ENV.ISE_PASSWORD}`).toString('base64')}`;
    const res = await fetch(`${site.sim.url}/api/v1/policy/device-admin/policy-set/${switchesId}/mfa`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        rule: {
          name: 'Switch MFA',
          state: 'enabled',
          condition: {
            conditionType: 'ConditionAttributes',
            dictionaryName: 'DEVICE',
            attributeName: 'Device Type',
            operator: 'equals',
            attributeValue: 'All Device Types#Switch',
          },
        },
        mfaConnectionName: 'new-duo',
        mfaResultAction: 'ACCEPT',
        mfaFailAction: 'REJECT',
      }),
    });
    expect({ status: res.status, body: res.status < 300 ? '' : await res.text() }).toEqual({
      status: 200,
      body: '',
    });
    const file = writeFile(
      site.dir,
      'site.yaml',
      rulesYaml({
        routers: [{ name: 'Lab', connection: 'other-duo' }],
        connections: ['other-duo'],
        keys: 'NEW',
        prune: true,
      }),
    );
    site.sim.clearLog();
    const r = await planJson(file);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(
      /deletes Duo connection\(s\) "new-duo", which these MFA rules would still name: .*deviceAdmin\/Switches "Switch MFA" \(new-duo\)/,
    );
    expect(writes()).toEqual([]);
  });
});
