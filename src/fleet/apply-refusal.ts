/**
 * The checks before a fleet apply's first request (every target's input is good: `check-all-first.ts`; one
 * writer per ISE: `one-writer.ts`), as one refusal: the error the run fails with, and each target's part of
 * it. A run with `--format json` or `markdown` still owes its pipeline the fleet report, so the refused run
 * reports every target too: the ones at fault with their own problem, the others as not applied.
 */
import { errorParts, UsageError } from '../errors';
import { exitCodeFor } from '../exit-codes';
import type { FleetTargetResult } from '../model/reports';
import { badTargets, badTargetsError, HINT, targetProblemError } from './check-all-first';
import { sharedTarget } from './one-writer';

export interface ApplyRefusal {
  /** What the run fails with (its exit code says nothing was written). */
  error: Error;
  /** Every target, in the run's order, as the fleet report shows it. */
  results: FleetTargetResult[];
}

function resultOf(file: string, error: Error, result = 'error'): FleetTargetResult {
  return { file, exitCode: exitCodeFor(error), result, changes: null, error: errorParts(error), output: '' };
}

/** Why `file` was not applied although nothing is wrong with it: the run stopped at `atFault`. */
function heldBack(file: string, atFault: string[], hint: string | undefined): FleetTargetResult {
  const at = atFault.length === 1 ? atFault[0] : `${atFault.length} targets (${atFault.join(', ')})`;
  const error = new UsageError(
    `not applied: the fleet apply stopped before its first request, at ${at}`,
    hint,
  );
  return resultOf(file, error, 'not applied');
}

export async function applyRefusal(
  files: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  iseUrl?: string,
): Promise<ApplyRefusal | undefined> {
  const problems = await badTargets(files, cwd, env, iseUrl);
  if (problems.length > 0) {
    const own = new Map(problems.map((p) => [p.file, targetProblemError(p)]));
    const atFault = [...own.keys()];
    return {
      error: badTargetsError(problems),
      results: files.map((f) => {
        const error = own.get(f);
        return error ? resultOf(f, error) : heldBack(f, atFault, HINT);
      }),
    };
  }
  const shared = await sharedTarget(files, cwd, env, iseUrl);
  if (!shared) return undefined;
  return {
    error: shared.error,
    results: files.map((f) =>
      shared.files.includes(f) ? resultOf(f, shared.error) : heldBack(f, shared.files, shared.error.hint),
    ),
  };
}
