/**
 * Reads everything an export needs, read-only: the feature switch, both object lists, every object's
 * details and the AD join points. The read-only client refuses writes and the side-effect GETs (sync start
 * and cancel) before they are sent, so an export can never change ISE or push users to Duo.
 *
 * Join points are written by name. ISE's sync details carry the name next to the directoryID; where a
 * name is missing, it is looked up by directoryID in ISE's join point list.
 */
import type { IseClient } from '../client/types';
import { readLiveState } from '../live/read-live-state';
import type { LiveState } from '../model/state';
import { normalizeActiveDirectories } from '../resources/identity-sync';

export async function readForExport(client: IseClient): Promise<LiveState> {
  const live = await readLiveState(client, {
    identitySyncs: 'all',
    duoConnections: 'all',
    activeDirectories: true,
  });
  const byId = new Map(live.activeDirectories.map((d) => [d.directoryID, d.name]));
  for (const sync of live.identitySyncs) {
    if (sync.activeDirectories.every((d) => d.name)) continue;
    sync.activeDirectories = normalizeActiveDirectories(
      sync.activeDirectories.map((d) => ({ ...d, name: d.name || byId.get(d.directoryID ?? '') || '' })),
    );
  }
  return live;
}
