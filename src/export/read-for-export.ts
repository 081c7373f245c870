/**
 * Reads everything an export needs, read-only: the feature switch, both object lists, every object's
 * details and the AD join points, then (while MFA is on) the MFA rules of every policy set of both services
 * (`read-policies.ts`, bounded). The read-only client refuses writes and the side-effect GETs (sync start
 * and cancel) before they are sent, so an export can never change ISE or push users to Duo.
 *
 * Join points are written by name. ISE's sync details carry the name next to the directoryID; where a
 * name is missing, it is looked up by directoryID in ISE's join point list.
 */
import type { IseClient } from '../client/types';
import { readLiveState } from '../live/read-live-state';
import type { LiveState } from '../model/state';
import { normalizeActiveDirectories } from '../resources/identity-sync';
import { mfaRuleFromWire } from '../resources/mfa-rule';
import { readAllPolicies } from './read-policies';

export interface ExportRead {
  /** With `mfaPolicies` holding the rules of every policy set that was read. */
  live: LiveState;
  /** Library condition names by id, for references ISE returned without one. */
  libraryNames: Map<string, string>;
  /** What the user should know about what could not be read (e.g. no MFA-rule API). */
  notes: string[];
}

export async function readForExport(client: IseClient): Promise<ExportRead> {
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
  if (!live.mfa.enabled || !live.objectsReadable) return { live, libraryNames: new Map(), notes: [] };
  const { policies, libraryNames, notes } = await readAllPolicies(client, mfaRuleFromWire);
  live.mfaPolicies = policies;
  return { live, libraryNames, notes };
}
