/**
 * `ise-duo show <plan.json>`: a saved plan printed for review, as real processes. It reads the plan as
 * `apply --plan` does, sends nothing to ISE and needs no credentials.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planChecksum, type UnsignedPlan } from '../../src/model/plan';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

describe('show <plan.json>', () => {
  let sim: RunningSimulator;
  let dir: string;
  /** What `show` runs with: no ISE URL and no credentials, as an approval step has. */
  const bare = {};

  beforeAll(async () => {
    sim = await startTestSimulator();
    dir = tempDir();
    const env = { ...DUO_ENV, ISE_URL: sim.url };
    writeFile(dir, 'site.yaml', siteYaml({}));
    expect((await runCli(['plan', 'site.yaml', '--out', 'plan.json'], env, dir)).code).toBe(0);
    sim.reset(); // the request log from here on is what show sent
  });
  afterAll(() => sim.stop());

  const saved = () => JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));

  test('text: the plan as plan printed it, the file it came from and how to apply it; nothing sent', async () => {
    const r = await runCli(['show', 'plan.json'], bare, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Saved plan plan.json');
    expect(lines[1]).toBe(`Target: ${sim.url}  (desired state: site.yaml)`);
    expect(r.stdout).toMatch(/\+ duo-connection "corp-duo" will be created/);
    expect(r.stdout).toMatch(/Plan: 3 to add, 0 to change, 0 to remove\./);
    expect(r.stdout).toMatch(/Apply exactly this plan with: ise-duo apply --plan plan\.json\n/);
    expect(sim.requestLog()).toEqual([]);
  });

  test('json is the saved plan itself; markdown is the pull-request comment, naming the file', async () => {
    const json = await runCli(['show', 'plan.json', '--format', 'json'], bare, dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(saved());
    const md = await runCli(['show', 'plan.json', '--format', 'markdown'], bare, dir);
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith(`### ise-duo plan for \`${sim.url}\``)).toBe(true);
    expect(md.stdout).toMatch(/\*\*3 to add, 0 to change, 0 to remove\*\*/);
    expect(md.stdout.trimEnd().split('\n').pop()).toBe(
      '<sub>saved plan `plan.json`; apply it with `ise-duo apply --plan plan.json`</sub>',
    );
  });

  test('--detailed-exitcode: 2 for a plan with changes, 0 for an empty one', async () => {
    expect((await runCli(['show', 'plan.json', '--detailed-exitcode'], bare, dir)).code).toBe(2);
    const { checksum: _old, ...unsigned } = saved();
    const empty: UnsignedPlan = { ...unsigned, changes: [], actions: [] };
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ ...empty, checksum: planChecksum(empty) }));
    const r = await runCli(['show', 'empty.json', '--detailed-exitcode'], bare, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No changes\. ISE matches the desired state\./);
    expect(r.stdout).not.toMatch(/apply --plan/);
  });

  test('an edited plan is refused as apply refuses it, named as given; markdown gets the error as its report', async () => {
    const plan = saved();
    plan.changes[1].fields[0].after = 'edited by hand';
    writeFile(dir, 'edited.json', JSON.stringify(plan));
    const r = await runCli(['show', 'edited.json'], bare, dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: plan file edited.json was changed after it was made (checksum mismatch)\n' +
        'hint: make it again with plan --out\n',
    );
    const md = await runCli(['show', 'edited.json', '--format', 'markdown'], bare, dir);
    expect(md.code).toBe(3);
    expect(md.stdout).toMatch(/^### ise-duo show: error\n/);
    const missing = await runCli(['show', 'nowhere.json'], bare, dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot read plan file nowhere\.json: /);
  });

  test("a hand-made plan holding the environment's keys prints without them", async () => {
    const { checksum: _old, ...unsigned } = saved();
    const leaky: UnsignedPlan = {
      ...unsigned,
      notes: [`pasted ${DUO_ENV.DUO_ADMIN_SKEY} and ${DUO_ENV.ISE_PASSWORD} here`],
    };
    writeFileSync(join(dir, 'leaky.json'), JSON.stringify({ ...leaky, checksum: planChecksum(leaky) }));
    for (const format of ['text', 'markdown', 'json']) {
      const r = await runCli(['show', 'leaky.json', '--format', format], DUO_ENV, dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/pasted \S+ and \S+ here/);
      for (const secret of [DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.ISE_PASSWORD]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
  });
});
