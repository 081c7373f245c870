/**
 * The plan's pending actions (`run-sync`, decided by the planner from each sync's `runSync` policy), run by
 * `apply` once the changes are applied and ISE has converged: a sync pushes users into Duo, so it runs only
 * against the configuration that was meant. `--no-run-sync` skips them and says which were skipped.
 *
 * With no changes to apply, `runSync: always` still asks for a run. That push is a side effect like any
 * write, so it needs the same consent: `--yes`, or a "yes" on the terminal; otherwise it is skipped, loudly.
 * Results go to stderr, because apply's stdout may be a JSON report.
 */
import type { IseClient } from '../client/types';
import { ExitCode } from '../exit-codes';
import { onceOnlySyncRuns, type Plan } from '../model/plan';
import type { ApplyResult } from '../model/reports';
import { pendingSyncLines } from '../render/sync-progress';
import type { CommandContext, CommandResult } from '../runtime/context';
import { runSyncBatch, type SyncWaitOptions } from './for-command';

export interface PendingSyncOptions extends SyncWaitOptions {
  /** The desired-state file, for the command that starts a run this apply could not finish. */
  file?: string;
  /** false: `--no-run-sync`. */
  runSync?: boolean;
  /** The user already agreed to side effects (`--yes`, or confirmed the changes). */
  consented: boolean;
}

async function consent(names: string[], options: PendingSyncOptions, ctx: CommandContext): Promise<boolean> {
  if (options.consented) return true;
  if (!ctx.confirm) return false;
  return ctx.confirm(pendingSyncLines.question(names));
}

export async function runPendingSyncs(
  plan: Pick<Plan, 'actions'>,
  client: () => IseClient,
  options: PendingSyncOptions,
  ctx: CommandContext,
): Promise<CommandResult> {
  const names = plan.actions.filter((a) => a.type === 'run-sync').map((a) => a.name);
  if (names.length === 0) return { exitCode: ExitCode.OK };
  if (options.runSync === false) {
    ctx.err(pendingSyncLines.skipped(names));
    return { exitCode: ExitCode.OK };
  }
  if (ctx.signal?.aborted) {
    ctx.err(pendingSyncLines.interrupted(names));
    return { exitCode: ExitCode.ERROR };
  }
  // Skipped for want of consent is not success: a pipeline that forgot --yes must not pass while the push
  // it asked for never happened (exit 1, as apply without --yes); declined at the prompt is exit 3.
  const asked = ctx.confirm !== undefined;
  if (!(await consent(names, options, ctx))) {
    ctx.err(pendingSyncLines.noConsent(names));
    return { exitCode: asked ? ExitCode.REFUSED : ExitCode.ERROR };
  }
  ctx.err(pendingSyncLines.starting(names));
  const batch = await runSyncBatch(client(), names, options, ctx, ctx.err);
  if (ctx.signal?.aborted) {
    // Cancelled by the signal: no later apply asks for these again.
    const owed = onceOnlySyncRuns(plan.actions);
    if (owed.length) ctx.err(pendingSyncLines.stoppedOwed(owed, options.file ?? '<file>'));
  }
  return { exitCode: batch.allSucceeded ? ExitCode.OK : ExitCode.ERROR };
}

/**
 * The sync runs a stopped apply owed and no later run will start: those the plan asked for because this
 * apply creates or changes the sync (`runSync: onChange`), where that write went out. The next plan sees the
 * sync as it should be and asks for nothing; `runSync: always` asks again by itself.
 */
export function syncRunsOwedAfter(plan: Plan, result: ApplyResult): string[] {
  const written = new Set(result.applied.filter((a) => a.kind === 'identity-sync').map((a) => a.name));
  if (result.failed?.outcomeUnknown && result.failed.kind === 'identity-sync')
    written.add(result.failed.name);
  return onceOnlySyncRuns(plan.actions).filter((name) => written.has(name));
}
