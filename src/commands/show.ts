/**
 * `ise-duo show <plan.json>`: print a plan saved by `plan --out`, as text, markdown or JSON, without reading
 * ISE or the desired-state file. It is what a reviewer, or a pipeline's approval step, reads between the
 * plan and `apply --plan` (Terraform's `show`). The file is read and checked as apply reads it (intact, of
 * this format version, checksum unchanged), so a plan that shows is one apply would accept as a file;
 * whether it is still current is apply's check, against ISE.
 */
import { resolve } from 'node:path';
import { ExitCode } from '../exit-codes';
import { readPlanFile } from '../pipeline/saved-plan-file';
import { renderSavedPlan } from '../render/plan';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';

export interface ShowCommandOptions {
  planFile: string;
  format: OutputFormat;
  /** 0 for a plan without changes, 2 for one with changes (as `plan --detailed-exitcode`). */
  detailedExitcode?: boolean;
}

export async function show(options: ShowCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  const plan = readPlanFile(resolve(ctx.cwd, options.planFile), options.planFile);
  const text = renderSavedPlan(plan, options.planFile, options.format, ctx);
  // A plan ise-duo wrote holds no secret; a hand-made one with a fresh checksum could hold anything, so the
  // environment's secrets (ISE_PASSWORD, DUO_*_SKEY, …) are taken out as from every other report.
  ctx.out(ctx.secrets ? ctx.secrets.scrub(text) : text);
  const changed = plan.changes.length > 0;
  return { exitCode: options.detailedExitcode && changed ? ExitCode.CHANGES : ExitCode.OK };
}
