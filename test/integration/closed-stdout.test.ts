/**
 * A reader that stops early (`ise-duo --help | head -0`, `ise-duo plan … | head`) closes the pipe before
 * ise-duo writes. That ends the output, not the process in a crash: no EPIPE stack trace on stderr, and the
 * run's own exit code.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CLI, DUO_ENV, REPO } from '../helpers/harness';

function withStdoutClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH, ...DUO_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test.each([
  [['--help'], 0],
  [['validate', join(REPO, 'examples/minimal.yaml')], 0],
  [['validate', join(REPO, 'no-such-file.yaml')], 1],
])('ise-duo %j with stdout closed: exit %i, no crash', async (args, code) => {
  const r = await withStdoutClosed(args);
  expect(r.stderr).not.toMatch(/EPIPE|Unhandled 'error' event|\n\s+at /);
  expect(r.code).toBe(code);
});
