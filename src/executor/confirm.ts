/**
 * After a write whose outcome is unknown (a lost response, a timeout, a dropped connection) or that failed in
 * a way another run could explain (a duplicate on create, a 404 on delete), the executor re-reads ISE to see
 * what actually happened instead of re-sending blindly. A create that another concurrent apply made first,
 * with the same content, counts as done. Each kind says how it is re-read (`tookEffect` in its spec).
 */
import type { IseClient } from '../client/types';
import type { Change } from '../model/plan';
import { specOf } from '../resources/registry';

/** Whether ISE now holds what `change` meant to achieve. Throws only if the re-read itself fails. */
export function changeTookEffect(client: IseClient, change: Change): Promise<boolean> {
  // As in runHandler: the registry keys each spec by its own kind, which TypeScript cannot correlate.
  const spec = specOf(change.kind) as unknown as { tookEffect(c: IseClient, ch: Change): Promise<boolean> };
  return spec.tookEffect(client, change);
}
