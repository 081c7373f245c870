/**
 * The plan `apply` sends: made fresh from the file, the environment and ISE, and, with `--plan`, proven equal
 * to the saved plan that was reviewed (same ISE, same file, same changes key by key; see `stale-check.ts`)
 * before anything is sent. The saved plan is never sent itself: its critical flags and bodies are derived
 * again, never read from the file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { secretValues } from '../client/placeholders';
import { UsageError } from '../errors';
import { pathForDisplay } from '../model/path-for-display';
import type { Plan } from '../model/plan';
import type { LiveState } from '../model/state';
import type { CommandContext } from '../runtime/context';
import { type PreparedTarget, prepareTarget, type TargetOptions } from './prepare-target';
import { readAndPlan } from './read-and-plan';
import { readPlanFile } from './saved-plan-file';
import { checkPlanFileArgument, checkPlanTarget, checkSavedPlan } from './stale-check';

export interface PlanToApplyOptions extends TargetOptions {
  /** The desired-state file; with `planFile`, defaults to the file the plan was made from. */
  file?: string;
  /** `--plan <plan.json>`: a plan saved by `plan --out`. */
  planFile?: string;
}

export async function planToApply(
  options: PlanToApplyOptions,
  ctx: CommandContext,
): Promise<{ prepared: PreparedTarget; plan: Plan; live: LiveState }> {
  const saved = options.planFile
    ? readPlanFile(resolve(ctx.cwd, options.planFile), options.planFile)
    : undefined;
  const file = options.file ?? saved?.desiredFile;
  if (!file) throw new UsageError('apply needs a desired-state file or --plan <plan.json>');
  if (saved) checkPlanFileArgument(saved, options.file, ctx.cwd);
  if (saved && options.file === undefined && !existsSync(resolve(ctx.cwd, file))) {
    // The plan records the file as it was named where the plan was made: from another folder it is not found.
    // Shown as a request path is: an edited plan may hold a key there, read before the file's are known.
    const shown = pathForDisplay(saved.desiredFile, (t) => ctx.secrets?.scrub(t) ?? t);
    throw new UsageError(
      `the saved plan was made from ${shown}, which is not found from here (${ctx.cwd})`,
      `run apply in the folder the plan was made in, or name the file: ise-duo apply <file> --plan ${options.planFile}`,
    );
  }
  const prepared = await prepareTarget(file, options, ctx);
  if (saved) checkPlanTarget(saved, prepared.target.url);
  const { plan: fresh, live } = await readAndPlan(prepared);
  if (saved) {
    const { desired, target } = prepared;
    checkSavedPlan(saved, fresh, secretValues(desired.secrets, target.username, target.password));
  }
  return { prepared, plan: fresh, live };
}
