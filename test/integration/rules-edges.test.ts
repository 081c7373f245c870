import { apply } from '../../src/commands/apply';
import { plan } from '../../src/commands/plan';
import type { Plan } from '../../src/model/plan';
import type { ApplyReport } from '../../src/model/reports';
import { DUO_ENV, runCli, runCommand, writeFile } from '../helpers/harness';
import { device, RULES_SITE_HEAD, startRulesSimulator } from '../helpers/rule-site';
import { useSiteSimulator } from '../helpers/site-sim';

const AUTH = `Basic ${Buffer.from(`admin:${DUO_ENV.ISE_PASSWORD}`).toString('base64')}`;

function yaml(rules: string[], vpn = true): string {
  return [
    ...RULES_SITE_HEAD,
    ...rules.map(
      (n) =>
        `      - { name: ${n}, connection: corp-duo, condition: { and: [{ library: Network-Admins }, ${device('Router')}] } }`,
    ),
    ...(vpn
      ? [
          '  - service: networkAccess',
          '    policySet: VPN Users',
          '    rules:',
          '      - { name: VPN users, connection: corp-duo, condition: { library: Corp-VPN-Headends } }',
        ]
      : []),
    'prune: false',
    '',
  ].join('\n');
}

describe('MFA rules at the edges', () => {
  const site = useSiteSimulator(() => startRulesSimulator(), { resetEach: true });

  const applyJson = async (file: string) => {
    const r = await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), site.env, site.dir);
    return { code: r.code, report: JSON.parse(r.out) as ApplyReport };
  };
  const planJson = async (file: string) =>
    JSON.parse(
      (await runCommand((ctx) => plan({ file, format: 'json' }, ctx), site.env, site.dir)).out,
    ) as Plan;
  const ruleWrites = () =>
    site.sim.requestLog().filter((r) => r.method !== 'GET' && r.path.startsWith('/api/v1/policy/'));

  test.each([['create (POST)', 'POST', ['a', 'b'], ['a', 'b', 'c']]])(
    'a rule %s whose answer is lost is confirmed by a re-read, and not sent again',
    async (_row, method, first, second) => {
      const file = writeFile(site.dir, 'site.yaml', yaml(first));
      expect((await applyJson(file)).code).toBe(0);
      writeFile(site.dir, 'site.yaml', yaml(second));
      site.sim.addFault({ method, path: '/api/v1/policy/device-admin/*', kind: 'lost-response' });
      site.sim.clearLog();
      const { code, report } = await applyJson(file);
      expect(code).toBe(0);
      expect(report.result.applied).toEqual([
        expect.objectContaining({ kind: 'mfa-rule', confirmedByReread: true }),
      ]);
      expect(ruleWrites().map((r) => r.method)).toEqual([method]);
      expect((await planJson(file)).changes).toEqual([]);
    },
  );

  test('a saved plan is refused once one rule changed on ISE, naming that rule', async () => {
    const file = writeFile(site.dir, 'site.yaml', yaml(['a', 'b']));
    expect((await applyJson(file)).code).toBe(0);
    writeFile(site.dir, 'site.yaml', yaml(['b', 'a']));
    expect((await runCli(['plan', 'site.yaml', '--out', 'rules-plan.json'], site.env, site.dir)).code).toBe(
      0,
    );
    // Someone disables rule "a" in the GUI between review and apply.
    const routers = site.sim.snapshot().policy.deviceAdmin.policySets.find((p) => p.name === 'Routers')!;
    const a = routers.mfaRules.find((r) => r.rule?.name === 'a')!;
    const res = await fetch(
      `${site.sim.url}/api/v1/policy/device-admin/policy-set/${routers.id}/mfa/${a.rule!.id}`,
      {
        method: 'PUT',
        headers: { authorization: AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ ...a, rule: { ...a.rule, state: 'disabled', rank: 0 } }),
      },
    );
    expect(res.status).toBe(200);
    site.sim.clearLog();
    const r = await runCli(['apply', '--plan', 'rules-plan.json', '--yes'], site.env, site.dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mfa-rule\/deviceAdmin\/Routers\/a \(changed on ISE\)/);
    expect(ruleWrites()).toEqual([]);
  });

  test('a plan of a file with rules reads within its GET bound: one list per service, table and library name', async () => {
    const file = writeFile(site.dir, 'site.yaml', yaml(['a', 'b']));
    expect((await applyJson(file)).code).toBe(0);
    site.sim.clearLog();
    expect((await planJson(file)).changes).toEqual([]);
    const gets = site.sim.requestLog().filter((r) => r.method === 'GET');
    // 3 + S(1) + C(1) + 1 (join points) + services (2) + policy sets (2) + library conditions (2)
    expect(gets.length).toBeLessThanOrEqual(3 + 1 + 1 + 1 + 2 + 2 + 2);
    expect(gets.filter((g) => /\/policy-set$/.test(g.path))).toHaveLength(2);
    expect(gets.filter((g) => /\/policy-set\/[^/]+\/mfa$/.test(g.path))).toHaveLength(2);
    expect(gets.filter((g) => g.path.includes('/condition-by-name/'))).toHaveLength(2);
    expect(site.sim.requestLog().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
