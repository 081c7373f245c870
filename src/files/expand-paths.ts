/**
 * The one way a command line's files and folders become desired-state files, for `validate` and for the
 * fleet runs of `plan`, `apply` and `drift`, so that every command accepts the same folders.
 *
 * A folder stands for the `*.yaml` / `*.yml` entries directly inside it (one file per ISE; not recursive),
 * sorted by name so runs are repeatable. An entry counts when it is a regular file or a symlink that ends at
 * one; hidden entries (`.name`) are skipped, as editors and tools keep their own files there. A symlink loop,
 * a dangling symlink or an entry that cannot be looked at is a problem naming the path, not a silent skip:
 * the user put a file there meaning it to be a target. A path given directly is passed on as it is, whatever
 * its name: the loader reports a missing or unreadable file, with the file named, like any other.
 *
 * Problems are returned, not thrown, so `validate` can list them among its issues while the fleet runs stop
 * on them before any request is sent.
 */
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export interface ExpandedFile {
  /** Absolute path to read. */
  path: string;
  /** The path as the user would write it: the argument, or the folder argument joined with the entry's name. */
  shown: string;
  /**
   * Relative to the folder it was found in (the entry's name), or, for a file given directly, relative to the
   * working folder (so `./a.yaml`, `a.yaml` and its absolute path are one key).
   */
  relative: string;
}

export interface PathProblem {
  /** The path as shown to the user (argument, or folder argument plus entry name). */
  shown: string;
  message: string;
  hint?: string;
}

export interface Expansion {
  files: ExpandedFile[];
  problems: PathProblem[];
  /** Whether any argument was a folder: a folder is a fleet even when it holds one file. */
  sawFolder: boolean;
}

const YAML_NAME = /\.ya?ml$/i;

function errnoCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? 'unknown error';
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // not a folder that can be listed: passed on as a file, and the loader says why
  }
}

/** Why a path cannot be used, in words; `code` from the failed stat. */
function describeStatError(code: string): { message: string; hint?: string } {
  switch (code) {
    case 'ELOOP':
      return { message: 'symlink loop: the link leads back to itself', hint: 'point the symlink at a file' };
    case 'ENOENT':
      return {
        message: 'broken symlink: what it points at does not exist',
        hint: 'fix or remove the symlink',
      };
    case 'EACCES':
    case 'EPERM':
      return {
        message: 'cannot be read: permission denied',
        hint: 'give the user running ise-duo read access',
      };
    default:
      return { message: `cannot be read (${code})` };
  }
}

/** The entry's verdict: a file to use, nothing (not a target), or a problem. */
function classify(folder: string, entry: Dirent): 'file' | 'skip' | { message: string; hint?: string } {
  if (entry.name.startsWith('.') || !YAML_NAME.test(entry.name)) return 'skip';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'skip'; // a folder or device with a YAML name is not a desired-state file
  try {
    return statSync(join(folder, entry.name)).isFile() ? 'file' : 'skip';
  } catch (err) {
    return describeStatError(errnoCode(err));
  }
}

function expandFolder(arg: string, folder: string, out: Expansion): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (err) {
    out.problems.push({ shown: arg, ...describeStatError(errnoCode(err)) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let found = 0;
  for (const entry of entries) {
    const verdict = classify(folder, entry);
    if (verdict === 'skip') continue;
    found += 1;
    const shown = join(arg, entry.name);
    if (verdict === 'file') out.files.push({ path: join(folder, entry.name), shown, relative: entry.name });
    else out.problems.push({ shown, ...verdict });
  }
  if (found === 0) {
    out.problems.push({
      shown: arg,
      message: 'the folder holds no .yaml or .yml files',
      hint: 'give desired-state files, or a folder of them (hidden files are skipped)',
    });
  }
}

export function expandPaths(args: readonly string[], cwd: string): Expansion {
  const out: Expansion = { files: [], problems: [], sawFolder: false };
  for (const arg of args) {
    // resolve('') is the current folder: an unset variable in `validate "$FILE"` would check all of it.
    if (arg.trim() === '') {
      out.problems.push({ shown: '""', message: 'an empty path', hint: 'give a file or a folder' });
      continue;
    }
    const path = resolve(cwd, arg);
    if (isFolder(path)) {
      out.sawFolder = true;
      expandFolder(arg, path, out);
    } else {
      // Relative to the working folder, however the argument spelt it (`sites/a.yaml`, `./sites/a.yaml`,
      // `/repo/sites/a.yaml` from /repo): one file, one shard, in every job that names it.
      out.files.push({ path, shown: arg, relative: relative(cwd, path) || arg });
    }
  }
  const seen = new Set<string>();
  out.files = out.files.filter((f) => !seen.has(f.path) && seen.add(f.path));
  return out;
}

/** A problem as one line: `path: message (hint)`. */
export function describeProblem(p: PathProblem): string {
  return `${p.shown}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}
