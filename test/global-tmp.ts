/**
 * One temporary folder for a whole `npm test` run, removed at its end. Jest's globalSetup and
 * globalTeardown run in the parent process before its workers start and after they end, and the workers
 * (and every CLI, script and simulator process the tests start with the environment) inherit TMPDIR, which
 * `os.tmpdir()` and `mktemp` read. Before, a suite run left about 470 folders behind in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY = 'ISE_DUO_TEST_OUTER_TMPDIR';

export function setup(): void {
  process.env[KEY] = process.env.TMPDIR ?? '';
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'ise-duo-jest-'));
}

export function teardown(): void {
  const root = process.env.TMPDIR;
  if (root) rmSync(root, { recursive: true, force: true });
  if (process.env[KEY]) process.env.TMPDIR = process.env[KEY];
  else delete process.env.TMPDIR;
  delete process.env[KEY];
}
