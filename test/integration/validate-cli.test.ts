/**
 * `ise-duo validate` as a real process (run `npm run build` first): exit codes, stdout, and a stderr free
 * of stack traces, for valid files, invalid files and hostile input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
        // The example names the CA file a real site would have; here there is none.
        `examples/full.yaml:17:11: warning: "caFile" ${join(REPO, 'examples/certs/ise-ca.pem')} is not found here; plan and apply need it\n` +
        'examples/full.yaml: valid (MFA on, 3 identity syncs, 3 Duo connections, 4 MFA rules in 2 policy sets, prune on)\n' +
        'examples/mfa-off.yaml: valid (MFA off, 0 identity syncs, 0 Duo connections, prune on)\n',
    );
  });

  // Audit of 2026-12-02: an empty argument (an unset variable in `validate "$FILE"`) checked the whole folder.
  // Audit of 2026-12-02: a missing or non-PEM caFile passed validate and failed only at plan time, unplaced.
  it('checks ise.caFile offline: a folder or not PEM is an error, a missing one a warning, at the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ise-duo-ca-'));
    const base = readFileSync(join(REPO, 'examples/minimal.yaml'), 'utf8');
    const withCa = (ca: string) => base.replace(/^ise:\n/m, `ise:\n  caFile: ${ca}\n`);
    writeFileSync(join(dir, 'notpem.txt'), 'not a certificate\n');
    writeFileSync(join(dir, 'missing.yaml'), withCa('./nope.pem'));
    writeFileSync(join(dir, 'folder.yaml'), withCa('.'));
    writeFileSync(join(dir, 'notpem.yaml'), withCa('./notpem.txt'));
    const { code, stdout } = run(dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /folder\.yaml:\d+:\d+: error: "caFile" .* cannot be read: is a folder, not a file/,
    );
    // Not there is a warning: CI often mounts the CA only where ise-duo runs against ISE.
    expect(stdout).toMatch(
      /missing\.yaml:\d+:\d+: warning: "caFile" .*nope\.pem is not found here; plan and apply need it/,
    );
    expect(stdout).toMatch(/notpem\.yaml:\d+:\d+: error: "caFile" .*notpem\.txt holds no PEM certificate/);
  });

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
