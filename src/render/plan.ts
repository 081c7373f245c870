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

/**
 * A saved plan (`ise-duo show`): the plan as `plan` prints it, and in text the file it was read from and how
 * to apply it. JSON is the plan itself, as `plan --out` saved it.
 */
export function renderSavedPlan(
  plan: Plan,
  path: string,
  format: OutputFormat,
  ctx: Pick<CommandContext, 'isTTY' | 'env'>,
): string {
  const body = renderPlan(plan, format, ctx);
  if (format === 'json') return body;
  const apply = `ise-duo apply --plan ${path}`;
  if (format === 'markdown') {
    const then = plan.changes.length ? `; apply it with \`${apply}\`` : '';
    return `${body}\n<sub>saved plan \`${path}\`${then}</sub>\n`;
  }
  const then = plan.changes.length
    ? `\nApply exactly this plan with: ${apply}\n` +
      '(apply reads ISE and the file again first, and refuses the plan if either has changed since.)\n'
    : '';
  return `Saved plan ${path}\n${body}${then}`;
}

/** Said on stderr by `plan --out`, so that stdout stays the plan itself. */
export function planSavedNotice(path: string): string {
  return `Plan saved to ${path}. Apply exactly this plan with: ise-duo apply --plan ${path}\n`;
}

/** A word of a command line as a POSIX shell reads it back: quoted only when it has to be. */
const shellWord = (word: string) =>
  /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * After a fleet `plan --out <dir>` that saved every target's plan: the one command that applies exactly
 * them (the targets as they were named, `--shard` included).
 */
export function fleetPlansSavedNotice(count: number, dir: string, targets: string[], shard?: string): string {
  const command = [
    'ise-duo',
    'apply',
    ...targets,
    ...(shard ? ['--shard', shard] : []),
    '--plan',
    dir,
    '--yes',
  ];
  return `${count} plan(s) saved in ${dir}. Apply exactly these plans with: ${command.map(shellWord).join(' ')}\n`;
}
