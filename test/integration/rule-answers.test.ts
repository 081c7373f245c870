import { apply } from '../../src/commands/apply';
import { drift } from '../../src/commands/drift';
import { exportCommand } from '../../src/commands/export';
import { plan } from '../../src/commands/plan';
import type { Plan } from '../../src/model/plan';
import type { ApplyReport } from '../../src/model/reports';
import type { SimSeed } from '../../src/sim/types';
import { DUO_ENV, runCommand, writeFile } from '../helpers/harness';
import { device, RULES_SITE_HEAD, startRulesSimulator } from '../helpers/rule-site';
import { useSiteSimulator } from '../helpers/site-sim';

const AUTH = { authorization: `Basic ${Buffer.from(`admin:${DUO_ENV.ISE_PASSWORD}`).toString('base64')}` };
/** Router first, then a nested and of the library condition and Lab: ISE sorts and flattens all of it. */
function siteYaml(lab = 'Lab'): string {
  return [
    ...RULES_SITE_HEAD,
    `      - { name: Lab admins, connection: corp-duo, condition: { and: [${device('Router')}, { and: [{ library: Network-Admins }, ${device(lab)}] }] } }`,
    '',
  ].join('\n');
}

/** A simulator with `answers` on top of the default seed, reset before each test, and the runs against it. */
function useAnswers(answers: Partial<SimSeed>) {
  const site = useSiteSimulator(() => startRulesSimulator(answers), { resetEach: true });
  const run = (command: Parameters<typeof runCommand>[0]) => runCommand(command, site.env, site.dir);
  const json = async <T>(command: Parameters<typeof runCommand>[0]) => {
    const r = await run(command);
    return { code: r.code, out: JSON.parse(r.out) as T };
  };
  return {
    sim: () => site.sim,
    file: (yaml: string) => writeFile(site.dir, 'site.yaml', yaml),
    run,
    json,
    applied: (file: string) => json<ApplyReport>((ctx) => apply({ file, format: 'json', yes: true }, ctx)),
    planned: (file: string) => json<Plan>((ctx) => plan({ file, format: 'json' }, ctx)),
    ruleWrites: () =>
      site.sim.requestLog().filter((r) => r.method !== 'GET' && r.path.startsWith('/api/v1/policy/')),
  };
}

describe('an ISE that rewrites and/or blocks (open question 9)', () => {
  const ise = useAnswers({ rewritesConditionBlocks: true });
  /** The rule's condition as ISE keeps it: its children's kinds, nested blocks flattened. */
  const stored = () => {
    const set = ise
      .sim()
      .snapshot()
      .policy.deviceAdmin.policySets.find((p) => p.name === 'Routers');
    return set?.mfaRules[0]?.rule?.condition?.children?.map((c) => c.attributeValue ?? c.conditionType);
  };

  test('an apply converges, the next plan and drift find nothing', async () => {
    const file = ise.file(siteYaml());
    expect((await ise.applied(file)).code).toBe(0);
    expect(stored()).toEqual(['All Device Types#Lab', 'All Device Types#Router', 'ConditionReference']);
    expect((await ise.planned(file)).out.changes).toEqual([]);
    const d = await ise.json<{ inSync: boolean }>((ctx) => drift({ file, format: 'json' }, ctx));
    expect([d.code, d.out.inSync]).toEqual([0, true]);
  });

  test("a real edit is one PUT, reported at the file's path", async () => {
    const file = ise.file(siteYaml());
    expect((await ise.applied(file)).code).toBe(0);
    ise.file(siteYaml('Lab2'));
    expect((await ise.planned(file)).out.changes).toEqual([
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
    ise.sim().clearLog();
    expect((await ise.applied(file)).code).toBe(0);
    expect(ise.ruleWrites().map((w) => w.method)).toEqual(['PUT']);
    expect((await ise.planned(file)).out.changes).toEqual([]);
  });
});

describe("an ISE that answers a rule's connection by its API host name (open question 3)", () => {
  const ise = useAnswers({ rulesAnswerConnectionHost: true });

  test('what ISE answers is the host, and the plan after an apply is empty', async () => {
    const file = ise.file(siteYaml());
    expect((await ise.applied(file)).code).toBe(0);
    const res = await fetch(`${ise.sim().url}/api/v1/policy/device-admin/policy-set`, { headers: AUTH });
    const routers = ((await res.json()) as { response: { id: string; name: string }[] }).response.find(
      (p) => p.name === 'Routers',
    );
    const rules = await fetch(`${ise.sim().url}/api/v1/policy/device-admin/policy-set/${routers?.id}/mfa`, {
      headers: AUTH,
    });
    const answered = ((await rules.json()) as { response: { mfaConnectionName: string }[] }).response;
    expect(answered.map((r) => r.mfaConnectionName)).toEqual(['api-1a2b3c4d.duosecurity.com']);
    expect((await ise.planned(file)).out.changes).toEqual([]);
  });

  test('export writes the connection by its name', async () => {
    expect((await ise.applied(ise.file(siteYaml()))).code).toBe(0);
    const r = await ise.run((ctx) => exportCommand({}, ctx));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/name: Lab admins\n\s+connection: corp-duo\n/);
    expect(r.out).not.toMatch(/connection: api-/);
  });
});

describe.each<[keyof SimSeed]>([['rewritesConditionBlocks'], ['rulesAnswerConnectionHost']])(
  'with %s, a rule create whose answer is lost',
  (answer) => {
    const ise = useAnswers({ [answer]: true });
    test('is confirmed by a re-read, not sent again', async () => {
      const file = ise.file(siteYaml());
      ise.sim().addFault({ method: 'POST', path: '/api/v1/policy/device-admin/*', kind: 'lost-response' });
      const r = await ise.applied(file);
      expect(r.code).toBe(0);
      expect(r.out.result.applied).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'mfa-rule', confirmedByReread: true })]),
      );
      expect(ise.ruleWrites().map((w) => w.method)).toEqual(['POST']);
    });
  },
);
