/**
 * `ise-duo apply`: plan (or load a saved plan and prove it is still current, `src/pipeline/plan-to-apply.ts`),
 * show it, refuse critical changes without `--allow-critical`, confirm, apply in order, then plan again: a
 * plan that is not empty after an apply means ISE did not take something, and the run fails naming it (the
 * convergence check).
 */
import type { IseClient } from '../client/types';
import { isInterruption } from '../client/write-gate';
import { ConvergenceError, RefusedError, UsageError } from '../errors';
import { changeRef } from '../executor/apply-plan';
import { applyWithKeyCheck } from '../executor/apply-with-key-check';
import { ExitCode } from '../exit-codes';
import type { Plan } from '../model/plan';
import type { ApplyReport, ApplyResult } from '../model/reports';
import type { LiveState } from '../model/state';
import { type PlanToApplyOptions, planToApply } from '../pipeline/plan-to-apply';
import type { PreparedTarget } from '../pipeline/prepare-target';
import { replanAfterApply } from '../pipeline/read-and-plan';
import { appliedCount, applyNotices, renderApplyReport } from '../render/apply-report';
import { remainingLine } from '../render/drift';
import { changeTitle } from '../render/format-value';
import { renderPlan } from '../render/plan';
import { pendingSyncLines } from '../render/sync-progress';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';
import {
  type PendingSyncOutcome,
  runPendingSyncs,
  syncRunsNotStarted,
  syncRunsOwedAfter,
} from '../sync-runs/after-apply';

export interface ApplyCommandOptions extends PlanToApplyOptions {
  format: OutputFormat;
  yes?: boolean;
  allowCritical?: boolean;
  /** `--skip-key-check`: write new Duo keys without testing them first (see `src/executor/apply-with-key-check.ts`). */
  skipKeyCheck?: boolean;
  /** `--apply-parallelism`: independent changes of one phase sent at once (default 4). */
  applyParallelism?: number;
  /** false (`--no-run-sync`): do not start the plan's pending identity syncs after applying. */
  runSync?: boolean;
  /** Poll interval of those sync runs (default 1 s); tests make it short. */
  syncPollIntervalMs?: number;
}

function checkApplyParallelism(p: number | undefined): void {
  if (p !== undefined && (!Number.isInteger(p) || p < 1)) {
    throw new UsageError(`--apply-parallelism must be a whole number of at least 1, not ${p}`);
  }
}

async function authorize(plan: Plan, options: ApplyCommandOptions, ctx: CommandContext): Promise<void> {
  const critical = plan.changes.filter((c) => c.critical);
  if (critical.length && !options.allowCritical) {
    const list = critical.map((c) => `${changeTitle(c)} (${c.critical})`).join('; ');
    throw new RefusedError(
      `refusing critical changes without --allow-critical: ${list}. Nothing was changed.`,
    );
  }
  if (options.yes) return;
  if (!ctx.confirm) {
    throw new UsageError(
      'apply needs --yes when there is no terminal to confirm on',
      'review the plan, then add --yes',
    );
  }
  // The question is asked on the terminal (stderr); the plan went to stdout, as text, only with the text
  // format, and a terminal sees it only if stdout is one. Otherwise it is shown beside the question: no one
  // is asked to approve changes they were not shown (`apply --format json`, or stdout sent to a file).
  if (options.format !== 'text' || !ctx.isTTY) {
    ctx.err(renderPlan(plan, 'text', { ...ctx, isTTY: ctx.errIsTTY === true }));
  }
  if (!(await ctx.confirm(`Apply these ${plan.changes.length} change(s) to ${plan.target}?`))) {
    throw new RefusedError('apply cancelled; nothing was changed');
  }
}

/** The plan's pending sync runs start only after a converged apply (see `src/sync-runs/after-apply.ts`). */
const syncOptions = (options: ApplyCommandOptions, consented: boolean, file: string) => ({
  file,
  runSync: options.runSync,
  pollIntervalMs: options.syncPollIntervalMs,
  consented,
});

/** Whether ISE may hold anything from this run: a change applied, or a write whose outcome is unknown. */
const wroteSomething = (result: ApplyResult) =>
  result.applied.length > 0 || result.failed?.outcomeUnknown === true;

/**
 * The executor, stopped by the client's write gate on a signal (see `src/client/write-gate.ts`). A key
 * pre-flight the gate refused counts as an interruption with nothing written; any other refusal is thrown.
 */
async function execute(
  plan: Plan,
  writer: IseClient,
  prepared: PreparedTarget,
  options: ApplyCommandOptions,
): Promise<ApplyResult> {
  try {
    return await applyWithKeyCheck(plan, writer, prepared.logger, options.skipKeyCheck, {
      parallelism: options.applyParallelism,
    });
  } catch (err) {
    if (!isInterruption(err)) throw err;
    return { status: 'interrupted', applied: [], notApplied: plan.changes.map(changeRef) };
  }
}

/**
 * On the first signal, say what happens; a second one exits at once, so say what reached ISE, since the
 * report will not be printed.
 */
function lastWords(prepared: PreparedTarget, ctx: CommandContext): () => void {
  ctx.signal?.addEventListener('abort', () => ctx.err(applyNotices.interrupting()), { once: true });
  return (
    ctx.atForcedExit?.((write) =>
      write(applyNotices.forcedExit(prepared.file, prepared.target.url, prepared.journal.describe())),
    ) ?? (() => {})
  );
}

export async function apply(options: ApplyCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  checkApplyParallelism(options.applyParallelism);
  const { prepared, plan, live } = await planToApply(options, ctx);
  if (options.format === 'text') ctx.out(renderPlan(plan, 'text', ctx));
  const summary = (result: string, changes = plan.changes.length) => ({
    target: plan.target,
    changes,
    result,
  });
  if (plan.changes.length === 0) {
    const report: ApplyReport = {
      formatVersion: 1,
      target: plan.target,
      plan,
      result: { status: 'nothing-to-do', applied: [], notApplied: [] },
      remaining: [],
    };
    // Sync runs (`runSync: always`) are sent to ISE: a signal says so, and a second one what was sent.
    const forget = lastWords(prepared, ctx);
    const synced = await syncThenReport(report, options, ctx, () =>
      runPendingSyncs(plan, prepared.writer, syncOptions(options, options.yes === true, prepared.file), ctx),
    ).finally(forget);
    if (ctx.signal?.aborted)
      return {
        exitCode: ExitCode.INTERRUPTED,
        summary: summary('no changes; sync runs interrupted'),
        report,
      };
    return { exitCode: synced.exitCode, summary: summary('no changes'), report };
  }
  await authorize(plan, options, ctx);
  const forget = lastWords(prepared, ctx);
  try {
    return await applyAndVerify({ plan, live }, prepared, options, ctx, summary);
  } finally {
    forget();
  }
}

/**
 * Runs the plan's pending syncs, then prints the JSON or markdown report with their outcomes: after the runs,
 * so that a pipeline reads them in the report, and also when they throw (the error follows the report).
 * The text report was printed before the runs, which people watch on stderr.
 */
async function syncThenReport(
  report: ApplyReport,
  options: ApplyCommandOptions,
  ctx: CommandContext,
  run: () => Promise<PendingSyncOutcome>,
): Promise<PendingSyncOutcome> {
  let outcome: PendingSyncOutcome | undefined;
  try {
    outcome = await run();
    return outcome;
  } finally {
    if (outcome?.runs.length) report.syncRuns = outcome.runs;
    if (options.format !== 'text') ctx.out(renderApplyReport(report, options.format));
  }
}

const NOT_CONVERGED = 'not started: ISE did not take every change (see remaining)';

/** Why a stopped apply started none of the plan's sync runs, for the report. */
function whyNotSynced(interrupted: boolean, result: ApplyResult): string {
  if (interrupted) return 'not started: the apply was interrupted';
  return result.status === 'failed'
    ? 'not started: the apply stopped at a failed change'
    : 'not started: the convergence check could not run';
}

/**
 * Apply, then verify. Once the first write is out, the report is printed whatever happens next, before any
 * error, and the exit code tells "applied, not verified" (5) and "interrupted" (130) from "nothing applied".
 */
async function applyAndVerify(
  { plan, live }: { plan: Plan; live: LiveState },
  prepared: PreparedTarget,
  options: ApplyCommandOptions,
  ctx: CommandContext,
  summary: (result: string) => NonNullable<CommandResult['summary']>,
): Promise<CommandResult> {
  let writer = prepared.writer();
  const result = await execute(plan, writer, prepared, options);
  // The write in flight at the signal failed (a timeout, say) and nothing was left to refuse: the run was
  // still interrupted, and exits 130, so the report says so (the failure stays in `failed`).
  if (result.status === 'failed' && ctx.signal?.aborted) result.status = 'interrupted';
  const interrupted = () => result.status === 'interrupted' || ctx.signal?.aborted === true;
  let remaining: string[] = [];
  let notVerified: string | undefined;
  if (result.status === 'applied' && !interrupted()) {
    try {
      const after = await replanAfterApply(prepared, writer, live, result.applied);
      remaining = after.plan.changes.map(remainingLine);
      writer = after.client;
    } catch (err) {
      notVerified = err instanceof Error ? err.message : String(err);
    }
  }
  const report: ApplyReport = { formatVersion: 1, target: plan.target, plan, result, remaining };
  if (notVerified) report.notVerified = notVerified;
  const stopped = interrupted() || result.status === 'failed' || notVerified !== undefined;
  const notSynced = stopped ? whyNotSynced(interrupted(), result) : remaining.length ? NOT_CONVERGED : '';
  // A run that goes on to the sync runs prints the JSON or markdown report once they end, with them.
  if (notSynced) {
    const runs = syncRunsNotStarted(plan, result, notSynced);
    if (runs.length) report.syncRuns = runs;
  }
  if (notSynced || options.format === 'text') ctx.out(renderApplyReport(report, options.format));
  const applied = result.applied.length;
  const owed = stopped ? syncRunsOwedAfter(plan, result) : [];
  if (owed.length) ctx.err(pendingSyncLines.owed(owed, prepared.file));
  if (interrupted()) {
    ctx.err(applyNotices.interrupted(applied));
    return {
      exitCode: ExitCode.INTERRUPTED,
      summary: summary(`interrupted after ${appliedCount(applied)}`),
      report,
    };
  }
  if (result.status === 'failed') {
    const code = wroteSomething(result) ? ExitCode.APPLIED_NOT_VERIFIED : ExitCode.ERROR;
    return { exitCode: code, summary: summary(`failed after ${applied} applied`), report };
  }
  if (notVerified) {
    ctx.err(applyNotices.notVerified(applied, notVerified));
    return { exitCode: ExitCode.APPLIED_NOT_VERIFIED, summary: summary('applied, not verified'), report };
  }
  if (remaining.length) {
    throw new ConvergenceError(`apply finished, but ISE did not take: ${remaining.join('; ')}`, remaining);
  }
  if (options.format === 'text') ctx.out(applyNotices.converged());
  const synced = await syncThenReport(report, options, ctx, () =>
    runPendingSyncs(plan, () => writer, syncOptions(options, true, prepared.file), ctx),
  );
  // Every change applied and converged; the signal stopped the sync runs after them (the fleet table says so).
  if (ctx.signal?.aborted)
    return { exitCode: ExitCode.INTERRUPTED, summary: summary('applied; sync runs interrupted'), report };
  const code = synced.exitCode === ExitCode.OK ? ExitCode.OK : ExitCode.APPLIED_NOT_VERIFIED;
  return { exitCode: code, summary: summary('applied'), report };
}
