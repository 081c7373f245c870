/**
 * `apply --format markdown` is the comment a pipeline posts after applying: each change's result, what the
 * convergence check found, and the applied plan's diffs (folded), so the comment says what changed and not
 * only that something did. Key fields show as sensitive, never as values.
 */
import { apply } from '../../src/commands/apply';
import { renderApplyMarkdown } from '../../src/render/apply-report';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

let sim: RunningSimulator;
const dir = tempDir('ise-duo-apply-md-');
const env: Record<string, string> = { ...DUO_ENV };

beforeAll(async () => {
  sim = await startTestSimulator();
  env.ISE_URL = sim.url;
});
afterAll(() => sim.stop());

const applyMarkdown = (file: string) =>
  runCommand((ctx) => apply({ file, format: 'markdown', yes: true, runSync: false }, ctx), env, dir);

test('an applied change: its result, convergence, and the plan it applied with field diffs', async () => {
  const first = await applyMarkdown(writeFile(dir, 'site.yaml', siteYaml({})));
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/^### ise-duo apply for `http:\/\/127\.0\.0\.1:\d+`: applied\n/);
  expect(first.out).toContain('| create duo-connection "corp-duo" | applied |');
  expect(first.out).toContain('adminApi.skey, authApi.skey: (sensitive value)');
  expect(first.out).not.toContain(DUO_ENV.DUO_ADMIN_SKEY);

  const edited = siteYaml({ connections: [{ name: 'corp-duo', description: 'Duo for VPN users' }] });
  const r = await applyMarkdown(writeFile(dir, 'site.yaml', edited));
  expect(r.code).toBe(0);
  expect(r.out.split('\n')).toEqual(
    expect.arrayContaining([
      '| update duo-connection "corp-duo" | applied |',
      'Converged: a fresh plan shows no changes.',
      '<details><summary>The plan: 0 to add, 1 to change, 0 to remove</summary>',
      '~ duo-connection "corp-duo" will be updated in place',
      '~     description: "Duo for VPN" -> "Duo for VPN users"',
    ]),
  );
});

test('nothing to do says so instead of an empty table', async () => {
  const file = writeFile(dir, 'same.yaml', siteYaml({}));
  await applyMarkdown(file);
  const r = await applyMarkdown(file);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/: no changes\n\n\*\*No changes\.\*\* ISE matches `.*same\.yaml`\.\n$/);
  expect(r.out).not.toContain('| Change | Result |');
});

test('what the convergence check still found, or why it could not run, is in the comment', async () => {
  const file = writeFile(dir, 'conv.yaml', siteYaml({ groups: ['corp.example.com/Users/VPN Users'] }));
  const run = await runCommand(
    (ctx) => apply({ file, format: 'json', yes: true, runSync: false }, ctx),
    env,
    dir,
  );
  const report = JSON.parse(run.out);
  const remaining = renderApplyMarkdown({
    ...report,
    remaining: ['identity-sync "corp-ad" will be updated'],
  });
  expect(remaining).toContain(
    '**Not converged**: a fresh plan still shows\n- identity-sync "corp-ad" will be updated',
  );
  expect(remaining).not.toContain('Converged: a fresh plan shows no changes.');
  const unverified = renderApplyMarkdown({ ...report, notVerified: 'GET /api/v1/duo-mfa/status timed out' });
  expect(unverified).toContain('**Not verified**: GET /api/v1/duo-mfa/status timed out');
});
