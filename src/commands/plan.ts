/**
 * `ise-duo plan <file>`: read ISE (read-only), diff, show. `--out` saves the plan for `apply --plan`.
 */
import { resolve } from 'node:path';
import { ExitCode } from '../exit-codes';
import { outputPath } from '../files/output-file';
import { prepareTarget, type TargetOptions } from '../pipeline/prepare-target';
import { readAndPlan } from '../pipeline/read-and-plan';
import { checkPlanOutPath, writePlanFile } from '../pipeline/saved-plan-file';
import { planSavedNotice, renderPlan } from '../render/plan';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';

export interface PlanCommandOptions extends TargetOptions {
  file: string;
  format: OutputFormat;
  out?: string;
  /**
   * Saves to `out` without the notice of how to apply that one plan: a fleet run (`plan <folder> --out <dir>`)
   * says once, after every target, how to apply all of them.
   */
  quietSave?: boolean;
  /** 0 no changes, 2 changes, 1 error (as Terraform's -detailed-exitcode). */
  detailedExitcode?: boolean;
}

export async function plan(options: PlanCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  if (options.out) checkPlanOutPath(outputPath(ctx.cwd, options.out), resolve(ctx.cwd, options.file));
  const prepared = await prepareTarget(options.file, options, ctx);
  const { plan: result } = await readAndPlan(prepared);
  if (options.out) {
    writePlanFile(resolve(ctx.cwd, options.out), result);
    if (!options.quietSave) ctx.err(planSavedNotice(options.out));
  }
  ctx.out(renderPlan(result, options.format, ctx));
  const changed = result.changes.length > 0;
  return {
    exitCode: options.detailedExitcode && changed ? ExitCode.CHANGES : ExitCode.OK,
    summary: {
      target: result.target,
      changes: result.changes.length,
      result: changed ? 'changes' : 'no changes',
    },
    report: result,
  };
}
