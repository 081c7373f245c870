/**
 * Files a command writes (`plan --out`, `export -o`): the path is checked before ISE is read, so a typo costs
 * no request, and the file is written atomically (a temp file renamed into place), so a failure never leaves
 * half a file behind.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors';
import { writeFileAtomic } from './atomic-write';

/** What is at `path`: a folder, something else (a file), or nothing that can be stat'ed. */
export function pathKind(path: string): 'dir' | 'file' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'none';
  }
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
  if (pathKind(path) === 'dir')
    throw new UsageError(`${flag} ${path} is a directory`, `give a file name, e.g. ${flag} ${example}`);
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
