/**
 * Turns the command line's files and folders into the list of targets: a folder stands for every
 * `*.yaml`/`*.yml` directly inside it (one file per ISE), sorted so runs are repeatable.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors';

export interface ExpandedTargets {
  files: string[];
  /** true when more than one file, or any folder, was given: the run is a fleet run. */
  fleet: boolean;
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

export function expandTargets(args: string[], cwd: string): ExpandedTargets {
  const files: string[] = [];
  let sawFolder = false;
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(resolve(cwd, arg)).isDirectory();
    } catch {
      // A missing file is reported by the loader, with the file named, like any other unreadable file.
    }
    if (!isDir) {
      files.push(arg);
      continue;
    }
    sawFolder = true;
    const names = readdirSync(resolve(cwd, arg), { withFileTypes: true })
      .filter((e) => e.isFile() && isYaml(e.name))
      .map((e) => join(arg, e.name))
      .sort();
    if (names.length === 0)
      throw new UsageError(
        `folder ${arg} holds no .yaml or .yml files`,
        'give desired-state files, or a folder of them',
      );
    files.push(...names);
  }
  const unique = [...new Set(files)];
  return { files: unique, fleet: sawFolder || unique.length > 1 };
}
