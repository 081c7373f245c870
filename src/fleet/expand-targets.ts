/**
 * The command line's files and folders as the fleet's targets, by the same expansion `validate` uses
 * (src/files/expand-paths.ts). Any problem (an empty folder, a symlink loop, an unreadable entry) stops the
 * run before a request is sent: a fleet that silently drops a target would report "in sync" for an ISE it
 * never looked at.
 */
import { UsageError } from '../errors';
import { describeProblem, expandPaths } from '../files/expand-paths';

export interface ExpandedTargets {
  /** Files as the user would write them (relative to the working folder when the argument was). */
  files: string[];
  /** Each file's path relative to the folder it was found in (what `--shard` hashes), same order. */
  relative: string[];
  /** true when more than one file, or any folder, was given: the run is a fleet run. */
  fleet: boolean;
}

export function expandTargets(args: string[], cwd: string): ExpandedTargets {
  const { files, problems, sawFolder } = expandPaths(args, cwd);
  if (problems.length > 0) {
    const [first, ...rest] = problems;
    const more = rest.length ? `; and ${rest.map(describeProblem).join('; ')}` : '';
    throw new UsageError(`${first.shown}: ${first.message}${more}`, first.hint);
  }
  return {
    files: files.map((f) => f.shown),
    relative: files.map((f) => f.relative),
    fleet: sawFolder || files.length > 1,
  };
}
