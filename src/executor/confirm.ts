/**
 * After a write whose outcome is unknown (a lost response, a timeout, a dropped connection) or that failed in
 * a way another run could explain (a duplicate on create, a 404 on delete), the executor re-reads ISE to see
 * what actually happened instead of re-sending blindly. A create that another concurrent apply made first,
 * with the same content, counts as done, and the report says who made it, as far as ISE's answer tells:
 * a definite refusal means another writer did; a lost answer or a 5xx leaves it open.
 */
import type { IseClient } from '../client/types';
import type { ApiError } from '../errors';
import type { Change } from '../model/plan';
import { canonicalJson } from '../model/plan';
import type { DuoConnection, IdentitySync } from '../model/state';
import { duoConnectionFromWire, duoConnectionSpec } from '../resources/duo-connection';
import { identitySyncFromWire, identitySyncSpec } from '../resources/identity-sync';
import type { ResourceSpec } from '../resources/resource-spec';

function sameFields<T>(spec: ResourceSpec<T>, live: T, want: T): boolean {
  return spec.fields.every((f) => canonicalJson(live[f.key]) === canonicalJson(want[f.key]));
}

/** Join points are compared by name here: the plan may not have known their directoryIDs. */
function syncMatches(live: IdentitySync, want: IdentitySync): boolean {
  const names = (s: IdentitySync) => s.activeDirectories.map((d) => d.name);
  return (
    canonicalJson(names(live)) === canonicalJson(names(want)) &&
    sameFields({ ...identitySyncSpec, fields: identitySyncSpec.fields.slice(1) }, live, want)
  );
}

async function exists(client: IseClient, change: Change): Promise<boolean> {
  const list =
    change.kind === 'identity-sync' ? await client.listIdentitySyncs() : await client.listDuoConnections();
  return list.some((o) => o.name?.trim() === change.name);
}

/** Whether ISE now holds what `change` meant to achieve. Throws only if the re-read itself fails. */
export async function changeTookEffect(client: IseClient, change: Change): Promise<boolean> {
  if (change.kind === 'mfa') return (await client.getMfaStatus()) === (change.action === 'enable');
  const present = await exists(client, change);
  if (change.action === 'delete') return !present;
  if (!present) return false;
  if (change.kind === 'identity-sync') {
    return syncMatches(
      identitySyncFromWire(await client.getIdentitySync(change.name)),
      change.after as IdentitySync,
    );
  }
  const live = duoConnectionFromWire(await client.getDuoConnection(change.name));
  return sameFields<DuoConnection>(duoConnectionSpec, live, change.after as DuoConnection);
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
