/**
 * Fleet runs: one command over many targets (one desired-state file per ISE), concurrently up to
 * `parallelism`. Each target gets its own captured context, so output stays grouped per target and one
 * target's failure is reported without stopping the others. Within a target, the command itself keeps its
 * writes in dependency order; only independent targets overlap.
 */

import { errorParts } from '../errors';
import { ExitCode, type ExitCodeValue, exitCodeFor } from '../exit-codes';
import type { FleetTargetResult } from '../model/reports';
import type { CommandContext, CommandResult } from '../runtime/context';

/**
 * Least severe first. An interruption outranks everything (the run did not finish anywhere); a target that
 * was changed but not verified outranks an error that wrote nothing, which outranks a failed convergence, a
 * refusal, pending changes, success.
 */
const SEVERITY: ExitCodeValue[] = [
  ExitCode.OK,
  ExitCode.CHANGES,
  ExitCode.REFUSED,
  ExitCode.NOT_CONVERGED,
  ExitCode.ERROR,
  ExitCode.APPLIED_NOT_VERIFIED,
  ExitCode.INTERRUPTED,
];

export function worstExitCode(codes: ExitCodeValue[]): ExitCodeValue {
  return codes.reduce<ExitCodeValue>(
    (worst, c) => (SEVERITY.indexOf(c) > SEVERITY.indexOf(worst) ? c : worst),
    ExitCode.OK,
  );
}

async function runTarget(
  file: string,
  run: (file: string, ctx: CommandContext) => Promise<CommandResult>,
  parent: CommandContext,
): Promise<FleetTargetResult> {
  let output = '';
  const ctx: CommandContext = {
    ...parent,
    out: (t) => {
      output += t;
    },
    err: (t) => {
      output += t;
    },
    logger: parent.logger.child({ target: file }),
    confirm: undefined,
  };
  try {
    const r = await run(file, ctx);
    return {
      file,
      target: r.summary?.target,
      exitCode: r.exitCode,
      result: r.summary?.result ?? (r.exitCode === ExitCode.OK ? 'ok' : 'error'),
      changes: r.summary?.changes ?? null,
      report: r.report,
      output,
    };
  } catch (err) {
    return {
      file,
      exitCode: exitCodeFor(err),
      result: 'error',
      changes: null,
      error: errorParts(err),
      output,
    };
  }
}

export async function runFleet(
  files: string[],
  parallelism: number,
  run: (file: string, ctx: CommandContext) => Promise<CommandResult>,
  ctx: CommandContext,
): Promise<FleetTargetResult[]> {
  const results: FleetTargetResult[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await runTarget(files[i], run, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallelism, files.length)) }, worker));
  return results;
}
