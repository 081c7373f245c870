/**
 * What a clean clone of the repository holds, without cloning: the files git tracks (and new files it does
 * not ignore, so uncommitted work is tested too), copied into a temp folder; no dist/, no src/generated/.
 * node_modules is linked from the repository, as `npm ci` would have filled it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO, tempDir } from './harness';

export function cleanCopy(): string {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  const copy = join(tempDir('ise-duo-clone-'), 'ise-duo');
  for (const path of listed.split('\0')) {
    if (!path || path === 'node_modules' || !existsSync(join(REPO, path))) continue; // deleted, not staged
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    cpSync(join(REPO, path), join(copy, path), { verbatimSymlinks: true });
  }
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}
