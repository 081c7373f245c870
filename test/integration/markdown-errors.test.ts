/**
 * A markdown report is a comment a pipeline posts (the pull request's plan, the drift issue). A run that
 * fails before it prints any report prints its error as the report, so the comment says what went wrong
 * instead of nothing: the same lines as on stderr, scrubbed the same way. JSON keeps its contract (stdout is
 * a report of its schema or nothing), and a run that printed a report adds no second one.
 */

import { closedPort } from '../helpers/closed-port';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';

const dir = tempDir('ise-duo-md-errors-');

test('plan of a bad file: the markdown report is the error, at its line and column', async () => {
  const file = writeFile(dir, 'bad.yaml', `${siteYaml({})}identitySync: []\n`);
  const r = await runCli(['plan', file, '--format', 'markdown'], DUO_ENV, dir);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(
    /^### ise-duo plan: error\n\n```\n.*bad\.yaml:\d+:\d+: error: unknown key "identitySync"/,
  );
  expect(r.stdout.endsWith('```\n')).toBe(true);
  expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: error: unknown key "identitySync"/);
});

test('drift of an unreachable ISE: the comment says so; JSON prints nothing', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  const env = { ...DUO_ENV, ISE_URL: `http://127.0.0.1:${await closedPort()}` };
  const md = await runCli(['drift', file, '--format', 'markdown'], env, dir);
  expect(md.code).toBe(1);
  expect(md.stdout).toMatch(/^### ise-duo drift: error\n\n```\nerror: GET \/api\/v1\/duo-mfa\/status failed/);
  const json = await runCli(['drift', file, '--format', 'json'], env, dir);
  expect(json.code).toBe(1);
  expect(json.stdout).toBe('');
});

test('a secret in the error is scrubbed in the markdown report as on stderr', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  // A Duo sKey pasted where a flag's value goes: the error quotes the value, and both outputs hide it.
  const r = await runCli(
    ['plan', file, '--format', 'markdown', '--shard', DUO_ENV.DUO_ADMIN_SKEY],
    DUO_ENV,
    dir,
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^### ise-duo plan: error\n\n```\nerror: --shard "\(sensitive\)" is not K\/N/);
  expect(r.stdout).not.toContain(DUO_ENV.DUO_ADMIN_SKEY);
  expect(r.stderr).not.toContain(DUO_ENV.DUO_ADMIN_SKEY);
});

test('a refused fleet apply printed its fleet report: no error report after it', async () => {
  const fleet = tempDir('ise-duo-md-fleet-');
  writeFile(fleet, 'a.yaml', siteYaml({}));
  writeFile(fleet, 'b.yaml', 'version: 1\nmfa: {}\n');
  const env = { ...DUO_ENV, ISE_URL: `http://127.0.0.1:${await closedPort()}` };
  const r = await runCli(['apply', fleet, '--yes', '--format', 'markdown'], env, dir);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^### ise-duo apply: 2 targets/);
  expect(r.stdout).not.toContain('### ise-duo apply: error');
});
