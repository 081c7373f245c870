/**
 * A plan in the format asked for: JSON (the plan itself, as `plan --out` saves it), markdown (a pull-request
 * comment) or text (Terraform-like, coloured as src/color.ts decides).
 */
import { colorEnabled } from '../color';
import type { Plan } from '../model/plan';
import type { CommandContext, OutputFormat } from '../runtime/context';
import { renderPlanMarkdown } from './plan-markdown';
import { renderPlanText } from './plan-text';

export function renderPlan(
  plan: Plan,
  format: OutputFormat,
  ctx: Pick<CommandContext, 'isTTY' | 'env'>,
): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  if (format === 'markdown') return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color: colorEnabled(ctx.env, ctx.isTTY) });
}
