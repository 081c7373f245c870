/**
 * `ise-duo validate` as a real process (run `npm run build` first): exit codes, stdout, and a stderr free
 * of stack traces, for valid files, invalid files and hostile input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, TEST_ENV } from '../unit/desired/helpers';

const CLI = join(REPO, 'dist/cli.js');

function run(...args: string[]) {
  const child = spawnSync(process.execPath, [CLI, 'validate', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, ...TEST_ENV },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(child.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('ise-duo validate (process)', () => {
  it('exits 0 and prints a summary for the examples', () => {
    const { code, stdout } = run('examples/minimal.yaml', 'examples/full.yaml', 'examples/mfa-off.yaml');
    expect(code).toBe(0);
    expect(stdout).toBe(
      'examples/minimal.yaml: valid (MFA on, 1 identity sync, 1 Duo connection, 1 MFA rule in 1 policy set)\n' +
        'examples/full.yaml: valid (MFA on, 3 identity syncs, 3 Duo connections, 4 MFA rules in 2 policy sets, prune on)\n' +
        'examples/mfa-off.yaml: valid (MFA off, 0 identity syncs, 0 Duo connections, prune on)\n',
    );
  });

  // Audit of 2026-12-02: an empty argument (an unset variable in `validate "$FILE"`) checked the whole folder.
  it('refuses an empty path instead of checking the current folder', () => {
    const { code, stdout } = run('');
    expect(code).toBe(1);
    expect(stdout).toBe('"": error: an empty path; give a file or a folder\n');
  });

  it('exits 1 and prints file:line:col for every problem in a folder of invalid files', () => {
    const { code, stdout } = run('test/fixtures/invalid');
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(50);
    for (const line of lines)
      expect(line).toMatch(/^test\/fixtures\/invalid\/[\w.-]+\.yaml(:\d+:\d+)?: (error|warning): /);
  });

  it('prints JSON with --format json', () => {
    const { code, stdout } = run('test/fixtures/invalid/wrong-version.yaml', '--format', 'json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      {
        file: 'test/fixtures/invalid/wrong-version.yaml',
        line: 2,
        column: 10,
        pointer: '/version',
        message: '"version" must be 1, not the number 2',
        severity: 'error',
      },
    ]);
  });

  it('refuses hostile input cleanly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ise-duo-cli-'));
    writeFileSync(join(dir, 'deep.yaml'), '['.repeat(300_000));
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81]));
    writeFileSync(join(dir, 'huge.yaml'), 'a'.repeat(2 * 1024 * 1024));
    const { code, stdout } = run(dir, join(dir, 'missing.yaml'));
    expect(code).toBe(1);
    expect(stdout).toContain('binary.yaml:1:1: error: the file is not UTF-8 text');
    expect(stdout).toContain('deep.yaml:1:65: error: the file is nested too deeply');
    expect(stdout).toContain(
      'huge.yaml: error: the file has 2097152 bytes; a desired-state file may have at most 1 MiB',
    );
    expect(stdout).toContain('missing.yaml: error: file not found');
  });
});
