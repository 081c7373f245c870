/**
 * A plan in the format asked for: JSON (the plan itself, as `plan --out` saves it), markdown (a pull-request
 * comment) or text (Terraform-like, coloured as src/color.ts decides).
 */
import { colorEnabled } from '../color';
import type { Plan } from '../model/plan';
import type { CommandContext, OutputFormat } from '../runtime/context';
import { renderJson } from './json';
import { renderPlanMarkdown } from './plan-markdown';
import { renderPlanText } from './plan-text';

export function renderPlan(
  plan: Plan,
  format: OutputFormat,
  ctx: Pick<CommandContext, 'isTTY' | 'env'>,
): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color: colorEnabled(ctx.env, ctx.isTTY) });
}

/** Said on stderr by `plan --out`, so that stdout stays the plan itself. */
export function planSavedNotice(path: string): string {
  return `Plan saved to ${path}. Apply exactly this plan with: ise-duo apply --plan ${path}\n`;
}
