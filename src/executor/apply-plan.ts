/**
 * applyPlan: carries out a plan's changes phase by phase (independent changes of one phase at once, up to
 * `parallelism`; see `./run-phases.ts`), and stops at the first failure. It takes the plan, a client, a
 * logger and that bound, and nothing else: everything it sends is in the plan (keys as placeholders that the
 * client fills in), so what runs is exactly what was reviewed. The report lists changes in plan order.
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
import type { Reread } from '../resources/resource-spec';
import { DEFAULT_APPLY_PARALLELISM } from '../runtime/defaults';
import { changeTookEffect, whoMadeIt } from './confirm';
import { type HandlerContext, runHandler } from './handlers';
import { type Hold, type Outcome, runPhases } from './run-phases';

export type { AppliedChange, ApplyResult, ChangeRef, FailedChange } from '../model/reports';

/** A change as the report names it. */
export const changeRef = (c: Change): ChangeRef => ({ kind: c.kind, action: c.action, name: c.name });

/** Whether a change opens the other kinds' endpoints (the MFA switch's enable: see `ResourceSpec.opens`). */
export const opensEndpoints = (c: Change): boolean => specOf(c.kind).opens?.(c) === true;

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
      ...changeRef(change),
      error: err.message,
      explanation,
      status,
      requestId,
      ...(outcomeUnknown ? { outcomeUnknown: true as const } : {}),
    };
  }
  return { ...changeRef(change), error: err instanceof Error ? err.message : String(err) };
}

/**
 * A plan made while MFA was off could not see ISE's Duo objects (the API answers 403 then), so it plans a
 * create for each. Whether ISE keeps them while the feature is off is undocumented: when it does, they come
 * back with the enable, and the create is refused as a duplicate. That is ISE's own object, not another
 * writer's: the report says so, and one that differs from the file stops the apply with what to do next.
 */
interface RunContext extends HandlerContext {
  planEnablesMfa: boolean;
}

const keptWhileOff = (change: Change, err: unknown, ctx: RunContext) =>
  ctx.planEnablesMfa &&
  change.action === 'create' &&
  err instanceof ApiError &&
  err.details.status === 400 &&
  !err.details.outcomeUnknown;

function keptAndDifferent(change: Change, err: ApiError): ApiError {
  const explanation =
    `ISE kept ${specOf(change.kind).label(change.name)} while MFA was off, where the plan could not see it, ` +
    'and it differs from the file: run plan again (with MFA on, it shows the difference) and apply that';
  return new ApiError({ ...err.details, explanation }, err.message);
}

async function runOne(change: Change, ctx: RunContext, log: Logger, hold: Hold): Promise<AppliedChange> {
  try {
    await runHandler(change, ctx);
    return changeRef(change);
  } catch (err) {
    if (!worthRereading(err)) throw err;
    // Nothing else starts while the re-read decides whether this is a failure (which stops the phase).
    const release = hold();
    let failed = true;
    try {
      const applied = await rereadAfterFailure(change, err, ctx, log);
      failed = false;
      return applied;
    } finally {
      release(failed);
    }
  }
}

/** The re-read after a failed write: the change as applied when ISE holds it as planned, else a throw. */
async function rereadAfterFailure(
  change: Change,
  err: unknown,
  ctx: RunContext,
  log: Logger,
): Promise<AppliedChange> {
  log.warn(
    { err: (err as Error).message },
    `apply: ${change.action} ${change.kind} "${change.name}" failed; re-reading`,
  );
  let found: Reread = 'absent';
  try {
    found = await changeTookEffect(ctx.client, change);
  } catch {
    // The re-read failed too: report the original failure, which is the one the user can act on.
  }
  // Only an object that is there was kept: a create refused for what it says (an AD group ISE lacks, in a
  // plan that could not check the names while MFA was off) is ISE's refusal, and says so itself.
  const kept = keptWhileOff(change, err, ctx) && found !== 'absent';
  // Not found is not proof of nothing written when the answer was lost: a write still in flight on ISE (a
  // timeout, a gateway's 5xx) may land after the re-read, so the failure keeps its unknown outcome (exit 5).
  if (found !== 'as-planned') throw kept ? keptAndDifferent(change, err as ApiError) : err;
  const madeBy = kept ? 'kept-while-off' : whoMadeIt(err as ApiError);
  const who =
    madeBy === 'kept-while-off'
      ? 'ISE kept it while MFA was off'
      : madeBy === 'another-writer'
        ? 'another writer made it meanwhile'
        : 'who made it cannot be told';
  log.warn(`apply: ISE holds ${change.kind} "${change.name}" as planned (${who}); counting it as applied`);
  return { ...changeRef(change), confirmedByReread: true, madeBy };
}

export interface ApplyOptions {
  /** Changes of one phase sent at once (`apply --apply-parallelism`); 1 sends one at a time. */
  parallelism?: number;
  /** These changes are the rest of a plan whose MFA switch-on was applied just before (key pre-flight between). */
  afterEnable?: boolean;
}

export async function applyPlan(
  plan: Plan,
  client: IseClient,
  logger: Logger,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const log = logger.child({ component: 'executor' });
  const result: ApplyResult = { status: 'nothing-to-do', applied: [], notApplied: [] };
  if (plan.changes.length === 0) return result;
  let directories: Promise<Required<ActiveDirectoryRef>[]> | undefined;
  const ctx: RunContext = {
    planEnablesMfa: options.afterEnable === true || plan.changes.some(opensEndpoints),
    client,
    activeDirectories: () => {
      directories ??= client.listActiveDirectories().then(joinPointsFromWire);
      return directories;
    },
  };
  const outcomes = await runPhases(
    plan.changes,
    options.parallelism ?? DEFAULT_APPLY_PARALLELISM,
    (change, hold) => {
      log.info(`apply: ${change.action} ${specOf(change.kind).label(change.name)}`);
      return runOne(change, ctx, log, hold);
    },
  );
  return resultOf(plan.changes, outcomes, log);
}

/** The report from each change's outcome, in plan order. */
function resultOf(changes: Change[], outcomes: Outcome<AppliedChange>[], log: Logger): ApplyResult {
  const result: ApplyResult = { status: 'applied', applied: [], notApplied: [] };
  const failures: FailedChange[] = [];
  let interrupted = false;
  outcomes.forEach((outcome, i) => {
    const change = changes[i];
    if ('done' in outcome) result.applied.push(outcome.done);
    else if ('notStarted' in outcome) result.notApplied.push(changeRef(change));
    else if (isInterruption(outcome.error)) {
      // The gate refused this change before sending it: not applied.
      interrupted = true;
      result.notApplied.push(changeRef(change));
    } else {
      failures.push(describeFailure(change, outcome.error));
      log.error(
        { failed: failures.at(-1) },
        `apply: ${change.action} ${change.kind} "${change.name}" failed`,
      );
    }
  });
  if (failures.length) {
    result.status = 'failed';
    result.failed = failures[0];
    if (failures.length > 1) result.alsoFailed = failures.slice(1);
  }
  if (interrupted) {
    result.status = 'interrupted';
    log.warn(`apply: interrupted; ${result.notApplied.length} change(s) not sent`);
  }
  return result;
}
