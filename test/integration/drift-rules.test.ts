/**
 * `drift` on MFA rules, end to end against the simulator: rules applied from a file, then changed the way an
 * administrator in the GUI would (through ISE's own policy API): a value inside a nested condition, a rule
 * dragged to the top of its table, a rule deleted. drift exits 2 and names each rule, with the part of its
 * condition that differs as the plan's field path, in text, markdown and JSON; after an apply it is in sync.
 */

import type { WireRuleMfa } from '../../src/client/wire-policy';
import { apply } from '../../src/commands/apply';
import { drift } from '../../src/commands/drift';
import type { DriftReport } from '../../src/model/reports';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { tempDir, writeFile } from '../helpers/harness';
import { runAtLevel } from '../helpers/run-at-level';
import { CANARY_ENV, twoOfEachYaml } from '../helpers/two-of-each';

let sim: RunningSimulator;
let dir: string;
const env = () => ({ ...CANARY_ENV, ISE_URL: sim.url });
const auth = () => `Basic ${Buffer.from(`admin:${CANARY_ENV.ISE_PASSWORD}`).toString('base64')}`;

async function ise(method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await fetch(`${sim.url}${path}`, {
    method,
    headers: { Authorization: auth(), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(r.status).toBeLessThan(300);
  return r.json();
}

/** The Device Admin set `Routers` as the GUI sees it: its id and its MFA rules in rank order. */
async function routers() {
  const sets = (await ise('GET', '/api/v1/policy/device-admin/policy-set')) as {
    response: Array<{ id: string; name: string }>;
  };
  const id = sets.response.find((s) => s.name === 'Routers')!.id;
  const path = `/api/v1/policy/device-admin/policy-set/${id}/mfa`;
  const rules = ((await ise('GET', path)) as { response: WireRuleMfa[] }).response;
  return { path, rules };
}

/** A whole-rule PUT as the GUI sends it: the rule as read, read-only members left out, `edit` applied. */
async function editRule(name: string, edit: (r: WireRuleMfa) => void) {
  const { path, rules } = await routers();
  const rule = structuredClone(rules.find((r) => r.rule?.name === name)!);
  edit(rule);
  const { hitCounts: _h, ...common } = rule.rule!;
  await ise('PUT', `${path}/${common.id}`, { ...rule, link: undefined, rule: common });
}

const driftIn = (format: 'text' | 'markdown' | 'json') =>
  runAtLevel((ctx) => drift({ file: 'site.yaml', format }, ctx), env(), dir);

beforeAll(async () => {
  sim = await startSimulator({ username: CANARY_ENV.ISE_USERNAME, password: CANARY_ENV.ISE_PASSWORD });
  dir = tempDir('ise-duo-drift-rules-');
  writeFile(dir, 'site.yaml', twoOfEachYaml({ rules: true }));
  const applied = await runAtLevel(
    (ctx) => apply({ file: 'site.yaml', format: 'json', yes: true }, ctx),
    env(),
    dir,
  );
  expect(applied.code).toBe(0);
  expect((await driftIn('text')).code).toBe(0);
  // By hand: Lab admins' negated reference now points at another library condition, and it is dragged to
  // the top; then Router admins' device type is edited.
  await editRule('Lab admins use Duo', (r) => {
    const not = r.rule!.condition!.children![1];
    not.id = '6b1f0c3e-5a2d-4e7b-9c11-0d3a7e5f2a01';
    r.rule!.rank = 0;
  });
  await editRule('Router admins use Duo', (r) => {
    r.rule!.condition!.attributeValue = 'All Device Types#Switch';
  });
});
afterAll(() => sim.stop());

const LINES = [
  'mfa-rule "Router admins use Duo" (deviceAdmin policy set "Routers"): differs',
  '    condition.value: ISE has "All Device Types#Switch", the file wants "All Device Types#Router"',
];

test('text: each rule that differs by name and policy set, the changed part of its condition by path', async () => {
  const r = await driftIn('text');
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/^Drift: http:\/\/127\.0\.0\.1:\d+ differs from site\.yaml:\n/);
  for (const line of LINES) expect(r.out).toContain(`  ${line}\n`);
  expect(r.out).toMatch(/ {2}mfa-rule "Lab admins use Duo" \(deviceAdmin policy set "Routers"\): differs/);
  expect(r.out).toMatch(
    / {4}condition\.and\[1\]\.not\.library: ISE has "Network-Admins", the file wants "Business-Hours"\n/,
  );
});

test('markdown: the same lines in a code block', async () => {
  const r = await driftIn('markdown');
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/^### ise-duo drift: \d difference\(s\)\n/);
  for (const line of LINES) expect(r.out).toContain(`${line}\n`);
});

test('json: the field paths and values, and in sync again after an apply', async () => {
  const r = await driftIn('json');
  const report = JSON.parse(r.out) as DriftReport;
  const router = report.differences.find((d) => d.name === 'deviceAdmin/Routers/Router admins use Duo');
  expect(router?.fields).toEqual([
    { field: 'condition.value', before: 'All Device Types#Switch', after: 'All Device Types#Router' },
  ]);
  const fixed = await runAtLevel(
    (ctx) => apply({ file: 'site.yaml', format: 'json', yes: true }, ctx),
    env(),
    dir,
  );
  expect(fixed.code).toBe(0);
  const again = await driftIn('text');
  expect(again.code).toBe(0);
  expect(again.out).toMatch(/^In sync: /);
});

// Audit of 2026-12-02: a rename in the GUI that changed only the case made drift exit 1 with no report.
test('a rule renamed on ISE in another case is drift on its name (exit 2), put right by one PUT', async () => {
  await editRule('Router admins use Duo', (r) => {
    r.rule!.name = 'ROUTER ADMINS USE DUO';
  });
  const r = await driftIn('text');
  expect(r.code).toBe(2);
  expect(r.out).toContain(
    '  mfa-rule "Router admins use Duo" (deviceAdmin policy set "Routers"): differs\n' +
      '      name: ISE has "ROUTER ADMINS USE DUO", the file wants "Router admins use Duo"\n',
  );
  const fixed = await runAtLevel(
    (ctx) => apply({ file: 'site.yaml', format: 'json', yes: true }, ctx),
    env(),
    dir,
  );
  expect(fixed.code).toBe(0);
  expect(JSON.parse(fixed.out).result.applied).toEqual([
    { kind: 'mfa-rule', action: 'update', name: 'deviceAdmin/Routers/Router admins use Duo' },
  ]);
  expect((await routers()).rules.map((x) => x.rule?.name)).toContain('Router admins use Duo');
  expect((await driftIn('text')).code).toBe(0);
});
