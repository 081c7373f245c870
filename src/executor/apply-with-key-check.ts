/**
 * The pre-flights before `apply` writes: each kind's `preflight` (resource-spec.ts) tests the changes it
 * wants tested through ISE first, with no effect on ISE's configuration. Today that is the Duo connection's
 * key test (`duo-connection-preflight.ts`): a connection created, or updated with new keys or a new API
 * host, has its candidate keys tested by ISE against Duo. Any rejection stops the apply.
 *
 * When it runs: the tests answer 403 while the other endpoints are closed (ISE's MFA feature off).
 * - Open already: the tests run before the first write; a rejection is a RefusedError (exit 3) and
 *   nothing at all is written.
 * - The plan opens them (`opens`: the MFA switch's enable): that step runs first (nothing can be tested
 *   before), then the tests, before anything else is written; a rejection ends the apply as failed after
 *   that one step, and the report says so.
 * `apply --skip-key-check` turns the tests off.
 *
 * The tests do not wait alone: after the opening step, what the later changes will read once it is open
 * (`readsOnceOpen`: the AD join points of syncs planned while MFA was off) is read at the same time.
 */
import type { Logger } from 'pino';
import type { IseClient } from '../client/types';
import { isInterruption } from '../client/write-gate';
import { RefusedError } from '../errors';
import { prefetching } from '../live/prefetch';
import type { Change, Plan, ResourceKind } from '../model/plan';
import { specOf } from '../resources/registry';
import type { Preflight } from '../resources/resource-spec';
import { DEFAULT_APPLY_PARALLELISM } from '../runtime/defaults';
import { type ApplyOptions, type ApplyResult, applyPlan, changeRef, opensEndpoints } from './apply-plan';
import { runPhases } from './run-phases';

/** A change's kind's pre-flight, typed for any change (the registry keys each spec by its own kind). */
const preflightOf = (c: Change) => specOf(c.kind).preflight as Preflight<ResourceKind> | undefined;

/** The changes a kind's pre-flight tests before they are written (connections writing untested keys). */
export function changesToPreflight(plan: Pick<Plan, 'changes'>): Change[] {
  return plan.changes.filter((c) => preflightOf(c)?.wanted(c) === true);
}

interface PreflightOutcomes {
  /** The changes whose test failed, in plan order, with each one's part of the refusal. */
  failed: Array<{ change: Change; preflight: Preflight<ResourceKind>; part: string }>;
  /** The first test that got no answer (no answer, the write gate), with its change. */
  thrown?: { change: Change; error: unknown };
}

/** Runs each change's pre-flight, `parallelism` at once; a test that fails outright stops the others starting. */
async function runPreflights(
  client: IseClient,
  changes: Change[],
  parallelism: number,
): Promise<PreflightOutcomes> {
  const outcomes = await runPhases(changes, parallelism, (change) =>
    preflightOf(change)!.run(client, change),
  );
  const thrownAt = outcomes.findIndex((o) => 'error' in o);
  const thrownOutcome = outcomes[thrownAt];
  const failed = changes.flatMap((change, i) => {
    const o = outcomes[i];
    return o && 'done' in o && o.done ? [{ change, preflight: preflightOf(change)!, part: o.done }] : [];
  });
  return thrownOutcome && 'error' in thrownOutcome
    ? { failed, thrown: { change: changes[thrownAt]!, error: thrownOutcome.error } }
    : { failed };
}

/**
 * Runs each change's pre-flight, `parallelism` at once (the tests of different objects do not depend on each
 * other); returns the refusal's text, or undefined when all passed. A test that fails outright (no answer,
 * the write gate) stops the others from starting and is thrown.
 */
export async function preflightRefusal(
  client: IseClient,
  changes: Change[],
  parallelism = DEFAULT_APPLY_PARALLELISM,
): Promise<{ text: string; remedy: string } | undefined> {
  const { failed, thrown } = await runPreflights(client, changes, parallelism);
  if (thrown) throw thrown.error;
  return failed.length ? refusalOf(failed) : undefined;
}

/** One sentence per kind that refused, in plan order: `Duo rejected the new keys of a; b`. */
function refusalOf(failed: Array<{ preflight: Preflight<ResourceKind>; part: string }>) {
  const kinds = [...new Set(failed.map((f) => f.preflight))];
  const text = kinds
    .map(
      (p) =>
        `${p.refusal} ${failed
          .filter((f) => f.preflight === p)
          .map((f) => f.part)
          .join('; ')}`,
    )
    .join('; ');
  return { text, remedy: kinds[0]!.remedy };
}

/** What the changes after the opening one will read once the endpoints are open (the join points). */
const readsOnceOpen = (changes: Change[]) => changes.flatMap((c) => specOf(c.kind).readsOnceOpen?.(c) ?? []);

async function openThenCheck(
  plan: Plan,
  client: IseClient,
  logger: Logger,
  checked: Change[],
  options: ApplyOptions,
) {
  const split = plan.changes.findIndex(opensEndpoints) + 1;
  const rest = plan.changes.slice(split);
  const first = await applyPlan({ ...plan, changes: plan.changes.slice(0, split) }, client, logger, options);
  if (first.status !== 'applied')
    return { ...first, notApplied: [...first.notApplied, ...rest.map(changeRef)] };
  // Sent now, answered to the first write that needs them below: they do not depend on the test's outcome.
  const reads = readsOnceOpen(rest);
  const ahead = reads.length ? prefetching(client, reads) : client;
  const { failed, thrown } = await runPreflights(
    client,
    checked,
    options.parallelism ?? DEFAULT_APPLY_PARALLELISM,
  );
  if (thrown && isInterruption(thrown.error)) {
    return { status: 'interrupted', applied: first.applied, notApplied: rest.map(changeRef) } as ApplyResult;
  }
  if (!thrown && failed.length === 0) {
    // The rest of a plan that opened the endpoints: its creates may meet objects ISE kept while they were closed.
    const second = await applyPlan({ ...plan, changes: rest }, ahead, logger, {
      ...options,
      afterEnable: true,
    });
    return { ...second, applied: [...first.applied, ...second.applied] };
  }
  // The failure is the change whose test failed (the first in plan order) or got no answer, once; every
  // other change after the switch is not applied.
  const culprit = thrown ? thrown.change : failed[0]!.change;
  // No answer is no rejection: said as such, with the client's message (what failed, what to do).
  const text = thrown
    ? `${preflightOf(culprit)!.unanswered} ${specOf(culprit.kind).label(culprit.name)}: ${(thrown.error as Error).message}`
    : refusalOf(failed).text;
  const result: ApplyResult = {
    status: 'failed',
    applied: first.applied,
    failed: { ...changeRef(culprit), error: `${text}; nothing after the MFA switch was written` },
    notApplied: rest.filter((c) => c !== culprit).map(changeRef),
  };
  return result;
}

/** `applyPlan` with the pre-flights in front of the first write they guard (see the header for when). */
export async function applyWithKeyCheck(
  plan: Plan,
  client: IseClient,
  logger: Logger,
  skipKeyCheck = false,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const checked = changesToPreflight(plan);
  if (skipKeyCheck || checked.length === 0) return applyPlan(plan, client, logger, options);
  if (plan.changes.some(opensEndpoints)) return openThenCheck(plan, client, logger, checked, options);
  const refusal = await preflightRefusal(client, checked, options.parallelism);
  if (refusal) throw new RefusedError(`${refusal.text}. Nothing was written. ${refusal.remedy}`);
  return applyPlan(plan, client, logger, options);
}
