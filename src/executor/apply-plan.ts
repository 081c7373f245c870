/**
 * applyPlan: carries out a plan's changes in the plan's order, and stops at the first failure. It takes the
 * plan, a client and a logger, and nothing else: everything it sends is in the plan (keys as placeholders
 * that the client fills in), so what runs is exactly what was reviewed.
 *
 * It returns a report of what was applied and what was not, rather than throwing, so that a pipeline always
 * gets the report, even when ISE fails half-way.
 */
import type { Logger } from 'pino';
import type { IseClient } from '../client/types';
import { isInterruption } from '../client/write-gate';
import { ApiError } from '../errors';
import type { Change, Plan } from '../model/plan';
import type { AppliedChange, ApplyResult, ChangeRef, FailedChange } from '../model/reports';
import type { ActiveDirectoryRef } from '../model/state';
import { joinPointsFromWire } from '../resources/active-directories';
import { specOf } from '../resources/registry';
import { changeTookEffect, whoMadeIt } from './confirm';
import { type HandlerContext, runHandler } from './handlers';

export type { AppliedChange, ApplyResult, ChangeRef, FailedChange } from '../model/reports';

const ref = (c: Change): ChangeRef => ({ kind: c.kind, action: c.action, name: c.name });

/** Failures after which ISE may hold the change anyway, so a re-read decides. */
function worthRereading(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  const { outcomeUnknown, status } = err.details;
  return outcomeUnknown === true || status === 400 || status === 404 || (status ?? 0) >= 500;
}

function describeFailure(change: Change, err: unknown): FailedChange {
  if (err instanceof ApiError) {
    const { explanation, status, requestId, outcomeUnknown } = err.details;
    return {
      ...ref(change),
      error: err.message,
      explanation,
      status,
      requestId,
      ...(outcomeUnknown ? { outcomeUnknown: true as const } : {}),
    };
  }
  return { ...ref(change), error: err instanceof Error ? err.message : String(err) };
}

async function runOne(change: Change, ctx: HandlerContext, log: Logger): Promise<AppliedChange> {
  try {
    await runHandler(change, ctx);
    return ref(change);
  } catch (err) {
    if (!worthRereading(err)) throw err;
    log.warn(
      { err: (err as Error).message },
      `apply: ${change.action} ${change.kind} "${change.name}" failed; re-reading`,
    );
    let tookEffect = false;
    try {
      tookEffect = await changeTookEffect(ctx.client, change);
    } catch {
      // The re-read failed too: report the original failure, which is the one the user can act on.
    }
    if (!tookEffect) throw err;
    const madeBy = whoMadeIt(err as ApiError);
    const who =
      madeBy === 'another-writer' ? 'another writer made it meanwhile' : 'who made it cannot be told';
    log.warn(`apply: ISE holds ${change.kind} "${change.name}" as planned (${who}); counting it as applied`);
    return { ...ref(change), confirmedByReread: true, madeBy };
  }
}

export async function applyPlan(plan: Plan, client: IseClient, logger: Logger): Promise<ApplyResult> {
  const log = logger.child({ component: 'executor' });
  const result: ApplyResult = { status: 'nothing-to-do', applied: [], notApplied: [] };
  if (plan.changes.length === 0) return result;
  let directories: Promise<Required<ActiveDirectoryRef>[]> | undefined;
  const ctx: HandlerContext = {
    client,
    activeDirectories: () => {
      directories ??= client.listActiveDirectories().then(joinPointsFromWire);
      return directories;
    },
  };
  for (const [i, change] of plan.changes.entries()) {
    log.info(`apply: ${change.action} ${specOf(change.kind).label(change.name)}`);
    try {
      result.applied.push(await runOne(change, ctx, log));
    } catch (err) {
      if (isInterruption(err)) {
        // The gate refused this change before sending it: it and the rest are not applied.
        result.status = 'interrupted';
        result.notApplied = plan.changes.slice(i).map(ref);
        log.warn(`apply: interrupted; ${result.notApplied.length} change(s) not sent`);
        return result;
      }
      result.status = 'failed';
      result.failed = describeFailure(change, err);
      result.notApplied = plan.changes.slice(i + 1).map(ref);
      log.error({ failed: result.failed }, `apply: ${change.action} ${change.kind} "${change.name}" failed`);
      return result;
    }
  }
  result.status = 'applied';
  return result;
}
