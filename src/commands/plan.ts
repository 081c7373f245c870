/**
 * `ise-duo plan <file>`: read ISE (read-only), diff, show. `--out` saves the plan for `apply --plan`.
 */
import { resolve } from 'node:path';
import { colorEnabled } from '../color';
import { ExitCode } from '../exit-codes';
import type { Plan } from '../model/plan';
import { renderPlanMarkdown } from '../render/plan-markdown';
import { renderPlanText } from '../render/plan-text';
import type { CommandContext, CommandResult, OutputFormat } from './context';
import { prepareTarget, readAndPlan, type TargetOptions } from './pipeline';
import { checkPlanOutPath, writePlanFile } from './plan-file';

export interface PlanCommandOptions extends TargetOptions {
  file: string;
  format: OutputFormat;
  out?: string;
  /** 0 no changes, 2 changes, 1 error (as Terraform's -detailed-exitcode). */
  detailedExitcode?: boolean;
}

export function renderPlan(
  plan: Plan,
  format: OutputFormat,
  ctx: Pick<CommandContext, 'isTTY' | 'env'>,
): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  if (format === 'markdown') return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color: colorEnabled(ctx.env, ctx.isTTY) });
}

export async function plan(options: PlanCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  if (options.out) checkPlanOutPath(resolve(ctx.cwd, options.out));
  const prepared = await prepareTarget(options.file, options, ctx);
  const { plan: result } = await readAndPlan(prepared);
  if (options.out) {
    writePlanFile(resolve(ctx.cwd, options.out), result);
    ctx.err(
      `Plan saved to ${options.out}. Apply exactly this plan with: ise-duo apply --plan ${options.out}\n`,
    );
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
