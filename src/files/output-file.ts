/**
 * Files a command writes (`plan --out`, `export -o`): the path is checked before ISE is read, so a typo costs
 * no request, and the file is written atomically (a temp file renamed into place), so a failure never leaves
 * half a file behind.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors';
import { writeFileAtomic } from './atomic-write';

function kind(path: string): 'dir' | 'file' | 'none' {
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
  if (kind(path) === 'dir')
    throw new UsageError(`${flag} ${path} is a directory`, `give a file name, e.g. ${flag} ${example}`);
  if (kind(dirname(path)) !== 'dir') {
    throw new UsageError(`${flag} ${path}: the folder ${dirname(path)} does not exist`, 'create it first');
  }
}

/** Writes `text` atomically (see ./atomic-write.ts); a failure is a usage error naming `what` and the path. */
export function writeOutputFile(path: string, text: string, what: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (err) {
    throw new UsageError(
      `cannot write ${what} to ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}
