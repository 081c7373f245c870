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
  const outcomes = await runPhases(changes, parallelism, (change) =>
    preflightOf(change)!.run(client, change),
  );
  const thrown = outcomes.find((o) => 'error' in o);
  if (thrown && 'error' in thrown) throw thrown.error;
  const failed = changes.flatMap((change, i) => {
    const o = outcomes[i];
    return o && 'done' in o && o.done ? [{ preflight: preflightOf(change)!, part: o.done }] : [];
  });
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
  let refusal: { text: string } | undefined;
  try {
    refusal = await preflightRefusal(client, checked, options.parallelism);
  } catch (err) {
    if (isInterruption(err)) {
      return {
        status: 'interrupted',
        applied: first.applied,
        notApplied: rest.map(changeRef),
      } as ApplyResult;
    }
    // No answer is no rejection: said as such, with the client's message (what failed, what to do).
    const names = checked.map((c) => specOf(c.kind).label(c.name)).join(', ');
    refusal = { text: `${preflightOf(checked[0]!)!.unanswered} ${names}: ${(err as Error).message}` };
  }
  if (!refusal) {
    // The rest of a plan that opened the endpoints: its creates may meet objects ISE kept while they were closed.
    const second = await applyPlan({ ...plan, changes: rest }, ahead, logger, {
      ...options,
      afterEnable: true,
    });
    return { ...second, applied: [...first.applied, ...second.applied] };
  }
  const failed = {
    ...changeRef(checked[0]!),
    error: `${refusal.text}; nothing after the MFA switch was written`,
  };
  const result: ApplyResult = {
    status: 'failed',
    applied: first.applied,
    failed,
    notApplied: rest.map(changeRef),
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
