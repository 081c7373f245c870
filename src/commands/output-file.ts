/**
 * Files a command writes (`plan --out`, `export -o`): the path is checked before ISE is read, so a typo costs
 * no request, and the file is written atomically (a temp file renamed into place), so a failure never leaves
 * half a file behind.
 */
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors';

function kind(path: string): 'dir' | 'file' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'none';
  }
}

/** `flag` names the option in messages, e.g. `--out`. */
export function checkOutputPath(flag: string, path: string, example: string): void {
  if (kind(path) === 'dir')
    throw new UsageError(`${flag} ${path} is a directory`, `give a file name, e.g. ${flag} ${example}`);
  if (kind(dirname(path)) !== 'dir') {
    throw new UsageError(`${flag} ${path}: the folder ${dirname(path)} does not exist`, 'create it first');
  }
}

export function writeFileAtomic(path: string, text: string, what: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(
      `cannot write ${what} to ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}
