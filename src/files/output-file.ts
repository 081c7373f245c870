/**
 * Files a command writes (`plan --out`, `export -o`): the path is checked before ISE is read, so a typo costs
 * no request, and the file is written atomically (a temp file renamed into place), so a failure never leaves
 * half a file behind.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors';
import { writeFileAtomic } from './atomic-write';

/**
 * What is at `path`: a folder, a regular file, something else (a device, a FIFO, a socket), or nothing that
 * can be stat'ed.
 */
export function pathKind(path: string): 'dir' | 'file' | 'special' | 'none' {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'special';
  } catch {
    return 'none';
  }
}

/**
 * `path` (as given on the command line) resolved against `cwd`, keeping a trailing separator: `--out plans/`
 * names a folder, and `resolve` alone would turn it into a file name.
 */
export function outputPath(cwd: string, path: string): string {
  const full = resolve(cwd, path);
  return /[/\\]$/.test(path) && !/[/\\]$/.test(full) ? `${full}/` : full;
}

/** Whether two paths name one file (one inode: a link or another spelling of the path counts). */
function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist yet: not the same file
  }
}

/**
 * `flag` names the option in messages, e.g. `--out`. `input` is a file the command reads: writing over it
 * (`plan site.yaml --out site.yaml`) would replace the desired state with the plan.
 */
export function checkOutputPath(flag: string, path: string, example: string, input?: string): void {
  if (input !== undefined && sameFile(path, input)) {
    throw new UsageError(
      `${flag} ${path} is the desired-state file itself: writing there would replace it`,
      `give another file name, e.g. ${flag} ${example}`,
    );
  }
  const kind = pathKind(path);
  if (kind === 'dir')
    throw new UsageError(`${flag} ${path} is a directory`, `give a file name, e.g. ${flag} ${example}`);
  if (/[/\\]$/.test(path)) {
    throw new UsageError(
      `${flag} ${path} names a folder (it ends with a "/"), and there is none`,
      `give a file name, e.g. ${flag} ${example}`,
    );
  }
  // The write renames a temp file into place: a FIFO or a device there would be replaced by a file.
  if (kind === 'special') {
    throw new UsageError(
      `${flag} ${path} is not a regular file (a device, FIFO or socket); writing there would replace it`,
      `give a file name, e.g. ${flag} ${example}`,
    );
  }
  if (pathKind(dirname(path)) !== 'dir') {
    throw new UsageError(`${flag} ${path}: the folder ${dirname(path)} does not exist`, 'create it first');
  }
  const refused = createProblem(dirname(path));
  if (refused) {
    throw new UsageError(
      `${flag} ${path}: cannot create a file in ${dirname(path)} (${refused})`,
      `give a folder you can write to, e.g. ${flag} ${example}`,
    );
  }
}

/** What the file system says of an errno, in words: `EROFS` alone tells most readers nothing. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'the file system does not take new files there',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the name is too long',
};

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return REASONS[code] ? `${REASONS[code]}, ${code}` : code;
}

/**
 * Creates and removes an empty file where the write's temp file will go. Permission bits do not tell (root
 * passes every access check, yet cannot create files in /proc or on a read-only mount), so the check is the
 * operation itself, done before ISE is read: a run that would end in a bare write error after all its reads
 * now ends before the first request.
 */
function createProblem(dir: string): string | undefined {
  const probe = join(dir, `.ise-duo-write-check.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
  } catch (err) {
    return reasonOf(err);
  }
  rmSync(probe, { force: true });
  return undefined;
}

/** Writes `text` atomically (see ./atomic-write.ts); a failure is a usage error naming `what` and the path. */
export function writeOutputFile(path: string, text: string, what: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (err) {
    throw new UsageError(
      `cannot write ${what} to ${path}: ${reasonOf(err)}`,
      'nothing was written there; fix the path and run again',
    );
  }
}
