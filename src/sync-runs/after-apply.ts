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
import type { ApplyResult, SyncRunResult } from '../model/reports';
import { pendingSyncLines } from '../render/sync-progress';
import type { CommandContext, CommandResult } from '../runtime/context';
import { runSyncBatch, type SyncWaitOptions } from './for-command';
import { notStarted } from './run-syncs';

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

/** What became of the plan's pending sync runs: the exit code they call for, and each run for the report. */
export interface PendingSyncOutcome {
  exitCode: CommandResult['exitCode'];
  /** In the plan's order; empty when it asked for none (the report then has no `syncRuns`). */
  runs: SyncRunResult[];
}

const pendingNames = (plan: Pick<Plan, 'actions'>) =>
  plan.actions.filter((a) => a.type === 'run-sync').map((a) => a.name);

export async function runPendingSyncs(
  plan: Pick<Plan, 'actions'>,
  client: () => IseClient,
  options: PendingSyncOptions,
  ctx: CommandContext,
): Promise<PendingSyncOutcome> {
  const names = pendingNames(plan);
  const none = (why: string) => names.map((name) => notStarted(name, why, 0));
  if (names.length === 0) return { exitCode: ExitCode.OK, runs: [] };
  if (options.runSync === false) {
    ctx.err(pendingSyncLines.skipped(names));
    return { exitCode: ExitCode.OK, runs: owedUnlessSucceeded(plan, none('skipped: --no-run-sync')) };
  }
  if (ctx.signal?.aborted) {
    ctx.err(pendingSyncLines.interrupted(names));
    return { exitCode: ExitCode.ERROR, runs: owedUnlessSucceeded(plan, none('not started: interrupted')) };
  }
  // Skipped for want of consent is not success: a pipeline that forgot --yes must not pass while the push
  // it asked for never happened (exit 1, as apply without --yes); declined at the prompt is exit 3.
  const asked = ctx.confirm !== undefined;
  if (!(await consent(names, options, ctx))) {
    ctx.err(pendingSyncLines.noConsent(names));
    const why = asked ? 'skipped: declined at the prompt' : 'skipped: no --yes and no terminal to ask on';
    return { exitCode: asked ? ExitCode.REFUSED : ExitCode.ERROR, runs: none(why) };
  }
  ctx.err(pendingSyncLines.starting(names));
  const batch = await runSyncBatch(client(), names, options, ctx, ctx.err);
  if (ctx.signal?.aborted) {
    // Cancelled by the signal: no later apply asks for these again.
    const owed = onceOnlySyncRuns(plan.actions);
    if (owed.length) ctx.err(pendingSyncLines.stoppedOwed(owed, options.file ?? '<file>'));
  }
  return {
    exitCode: batch.allSucceeded ? ExitCode.OK : ExitCode.ERROR,
    runs: owedUnlessSucceeded(plan, batch.results),
  };
}

/**
 * After an apply that converged, every once-only run's sync was written by it, so no later plan asks for a
 * run that did not succeed: the report marks it owed. (`runSync: always` asks again on the next apply.)
 */
function owedUnlessSucceeded(plan: Pick<Plan, 'actions'>, runs: SyncRunResult[]): SyncRunResult[] {
  const onceOnly = new Set(onceOnlySyncRuns(plan.actions));
  return runs.map((r) => (r.outcome !== 'Success' && onceOnly.has(r.name) ? { ...r, owed: true } : r));
}

/** The plan's sync runs, none started because the apply stopped first (`why`), owed ones marked. */
export function syncRunsNotStarted(plan: Plan, result: ApplyResult, why: string): SyncRunResult[] {
  const owed = new Set(syncRunsOwedAfter(plan, result));
  return pendingNames(plan).map((name) => {
    const run = notStarted(name, why, 0);
    return owed.has(name) ? { ...run, owed: true } : run;
  });
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
