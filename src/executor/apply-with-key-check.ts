/**
 * Pre-flight of Duo keys before `apply` writes them. A connection created, or updated with new keys or a
 * new API host, would otherwise only show bad keys when the next user fails MFA. So each such connection's
 * candidate keys go to `POST …/mfa/testconnection/{name}` first, as `{ $secret: ref }` placeholders that the
 * client fills in at send time: the plan never holds a value. Any rejection stops the apply.
 *
 * When it runs: testconnection, like every connection endpoint, answers 403 while ISE's MFA feature is off.
 * - MFA already on: the check runs before the first write; a rejection is a RefusedError (exit 3) and
 *   nothing at all is written.
 * - The plan turns MFA on: the enable step runs first (it cannot be tested before), then the check, before
 *   any identity sync or connection is written; a rejection ends the apply as failed after that one step,
 *   and the report says so.
 * `apply --skip-key-check` turns the check off.
 *
 * The check does not wait alone: after the enable step, the AD join point list that the identity syncs
 * planned while MFA was off need (they name join points ISE could not list then) is read at the same time.
 */
import type { Logger } from 'pino';
import type { IseClient } from '../client/types';
import { isInterruption } from '../client/write-gate';
import { RefusedError } from '../errors';
import { prefetching } from '../live/prefetch';
import type { Change, Plan } from '../model/plan';
import type { DuoConnectionWrite } from '../resources/duo-connection-spec';
import { DEFAULT_APPLY_PARALLELISM } from '../runtime/defaults';
import { type ApplyOptions, type ApplyResult, applyPlan, type ChangeRef } from './apply-plan';
import { runPhases } from './run-phases';

const KEY_FIELDS = /^(adminApi|authApi)\.|^apiHostName$/;

/** Connection changes that write keys the ISE has not tested: creates, and updates of keys or host. */
export function changesWritingKeys(plan: Pick<Plan, 'changes'>): DuoConnectionWrite[] {
  return plan.changes.filter(
    (c): c is DuoConnectionWrite =>
      c.kind === 'duo-connection' &&
      (c.action === 'create' ||
        (c.action === 'update' && c.fields.some((f) => f.sensitive || KEY_FIELDS.test(f.field)))),
  );
}

/**
 * Tests each change's candidate keys, `parallelism` at once (the tests of different connections do not
 * depend on each other); returns one message per rejected connection, in plan order. A test that fails
 * outright (no answer, the write gate) stops the others from starting and is thrown.
 */
export async function rejectedCandidateKeys(
  client: IseClient,
  changes: DuoConnectionWrite[],
  parallelism = DEFAULT_APPLY_PARALLELISM,
): Promise<string[]> {
  const outcomes = await runPhases(changes, parallelism, async (change) => {
    const accounts = change.body.mfa?.accountConfigurations;
    const answer = await client.testDuoConnection(change.name, accounts ?? {});
    return answer.ok
      ? undefined
      : `duo-connection "${change.name}"${answer.message ? ` (ISE: ${answer.message})` : ''}`;
  });
  const thrown = outcomes.find((o) => 'error' in o);
  if (thrown && 'error' in thrown) throw thrown.error;
  return outcomes.flatMap((o) => ('done' in o && o.done ? [o.done] : []));
}

const refOf = (c: Change): ChangeRef => ({ kind: c.kind, action: c.action, name: c.name });

function rejectionText(rejected: string[]): string {
  return `Duo rejected the new keys of ${rejected.join('; ')}`;
}

/** Whether a change writes an identity sync whose join points still need their directoryID from ISE. */
function needsDirectories(change: Change): boolean {
  if (change.kind !== 'identity-sync' || change.action === 'delete') return false;
  return (change.body.identitySync?.configurations?.activeDirectories ?? []).some((d) => !d.directoryID);
}

async function enableThenCheck(
  plan: Plan,
  client: IseClient,
  logger: Logger,
  checked: DuoConnectionWrite[],
  options: ApplyOptions,
) {
  const split = plan.changes.findIndex((c) => c.kind === 'mfa' && c.action === 'enable') + 1;
  const rest = plan.changes.slice(split);
  const first = await applyPlan({ ...plan, changes: plan.changes.slice(0, split) }, client, logger, options);
  if (first.status !== 'applied') return { ...first, notApplied: [...first.notApplied, ...rest.map(refOf)] };
  // Sent now, answered to the first sync write below: it does not depend on the keys being accepted.
  const ahead = rest.some(needsDirectories)
    ? prefetching(client, [{ method: 'listActiveDirectories' }])
    : client;
  let rejected: string[];
  try {
    rejected = await rejectedCandidateKeys(client, checked, options.parallelism);
  } catch (err) {
    if (isInterruption(err)) {
      return { status: 'interrupted', applied: first.applied, notApplied: rest.map(refOf) } as ApplyResult;
    }
    rejected = [`${checked.map((c) => `duo-connection "${c.name}"`).join(', ')}: ${(err as Error).message}`];
  }
  if (rejected.length === 0) {
    // The rest of a plan that switches MFA on: its creates may meet objects ISE kept while it was off.
    const second = await applyPlan({ ...plan, changes: rest }, ahead, logger, {
      ...options,
      afterEnable: true,
    });
    return { ...second, applied: [...first.applied, ...second.applied] };
  }
  const failed = {
    ...refOf(checked[0]),
    error: `${rejectionText(rejected)}; nothing after the MFA switch was written`,
  };
  const result: ApplyResult = {
    status: 'failed',
    applied: first.applied,
    failed,
    notApplied: rest.map(refOf),
  };
  return result;
}

/** `applyPlan` with the key pre-flight in front of the first key write (see the header for when). */
export async function applyWithKeyCheck(
  plan: Plan,
  client: IseClient,
  logger: Logger,
  skipKeyCheck = false,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const checked = changesWritingKeys(plan);
  if (skipKeyCheck || checked.length === 0) return applyPlan(plan, client, logger, options);
  if (plan.changes.some((c) => c.kind === 'mfa' && c.action === 'enable')) {
    return enableThenCheck(plan, client, logger, checked, options);
  }
  const rejected = await rejectedCandidateKeys(client, checked, options.parallelism);
  if (rejected.length) {
    throw new RefusedError(
      `${rejectionText(rejected)}. Nothing was written. Fix the keys, or pass --skip-key-check to write them anyway.`,
    );
  }
  return applyPlan(plan, client, logger, options);
}
