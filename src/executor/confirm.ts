/**
 * After a write whose outcome is unknown (a lost response, a timeout, a dropped connection) or that failed in
 * a way another run could explain (a duplicate on create, a 404 on delete), the executor re-reads ISE to see
 * what actually happened instead of re-sending blindly. A create that another concurrent apply made first,
 * with the same content, counts as done.
 */
import type { IseClient } from '../client/types';
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
