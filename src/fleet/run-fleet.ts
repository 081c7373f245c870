/**
 * Fleet runs: one command over many targets (one desired-state file per ISE), concurrently up to
 * `parallelism`. Each target gets its own captured context, so output stays grouped per target and one
 * target's failure is reported without stopping the others. Within a target, the command itself keeps its
 * writes in dependency order; only independent targets overlap.
 */

import { errorParts } from '../errors';
import { ExitCode, type ExitCodeValue, exitCodeFor } from '../exit-codes';
import type { ApplyReport, FleetTargetResult } from '../model/reports';
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

/** Whether a target's apply changed ISE: a change applied, or a write whose outcome is unknown. */
type TargetOutcome = Pick<FleetTargetResult, 'exitCode' | 'report'>;

function wrote(r: TargetOutcome): boolean {
  const result = (r.report as Partial<ApplyReport> | undefined)?.result;
  return result !== undefined && (result.applied.length > 0 || result.failed?.outcomeUnknown === true);
}

/**
 * The fleet's exit code: the worst target's, except that a fleet apply in which some target changed its ISE
 * never exits 1 or 3, which say that nothing was written: it exits 5 (ISE was changed, then something
 * failed), and the report says which targets were applied and which failed.
 */
export function fleetExitCode(command: string, results: readonly TargetOutcome[]): ExitCodeValue {
  const worst = worstExitCode(results.map((r) => r.exitCode));
  if (command !== 'apply' || (worst !== ExitCode.ERROR && worst !== ExitCode.REFUSED)) return worst;
  return results.some(wrote) ? ExitCode.APPLIED_NOT_VERIFIED : worst;
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

const notStarted = (file: string): FleetTargetResult => ({
  file,
  exitCode: ExitCode.INTERRUPTED,
  result: 'not started (interrupted)',
  changes: null,
  output: '',
});

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
      // After a signal no target is started: it would only stop at its first read.
      results[i] = ctx.signal?.aborted ? notStarted(files[i]) : await runTarget(files[i], run, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallelism, files.length)) }, worker));
  return results;
}
