/**
 * After a write whose outcome is unknown (a lost response, a timeout, a dropped connection) or that failed in
 * a way another run could explain (a duplicate on create, a 404 on delete), the executor re-reads ISE to see
 * what actually happened instead of re-sending blindly. A create that another concurrent apply made first,
 * with the same content, counts as done, and the report says who made it, as far as ISE's answer tells:
 * a definite refusal means another writer did; a lost answer or a 5xx leaves it open. Each kind says how it
 * is re-read (`tookEffect` in its spec).
 */
import type { IseClient } from '../client/types';
import type { ApiError } from '../errors';
import type { Change } from '../model/plan';
import { specOf } from '../resources/registry';
import type { Reread } from '../resources/resource-spec';

/** What ISE now holds of what `change` meant to achieve. Throws only if the re-read itself fails. */
export function changeTookEffect(client: IseClient, change: Change): Promise<Reread> {
  // As in runHandler: the registry keys each spec by its own kind, which TypeScript cannot correlate.
  const spec = specOf(change.kind) as unknown as { tookEffect(c: IseClient, ch: Change): Promise<Reread> };
  return spec.tookEffect(client, change);
}

/**
 * Who made the state a re-read found. ISE answered this run's write with a definite refusal (a 4xx: 400
 * "already exists" on a create, 404 on a delete): it did not take this run's write, so another writer made
 * the change meanwhile. The answer was lost, or was a 5xx (which may come after the change was stored):
 * this run or another writer may have made it, and nothing ISE returns can tell them apart.
 */
export function whoMadeIt(err: ApiError): 'another-writer' | 'unknown' {
  const { status, outcomeUnknown } = err.details;
  return !outcomeUnknown && status !== undefined && status >= 400 && status < 500
    ? 'another-writer'
    : 'unknown';
}
