/**
 * Reads everything an export needs, read-only: the feature switch, both object lists, every object's
 * details and the AD join points, then (while MFA is on) the MFA rules of every policy set of both services
 * (`read-policies.ts`, bounded). The read-only client refuses writes and the side-effect GETs (sync start
 * and cancel) before they are sent, so an export can never change ISE or push users to Duo.
 *
 * Join points are written by name. ISE's sync details carry the name next to the directoryID; where a
 * name is missing, it is looked up by directoryID in ISE's join point list.
 *
 * Values that hold a known secret never reach the file: the live reader blanks them, and the rules and
 * library names read here after it are blanked the same way, against the same secrets (the password and
 * every key ISE returned in clear); a note names each object that held one.
 */
import type { IseClient } from '../client/types';
import { redactHeld, watchSecrets } from '../live/held-secrets';
import { readLiveState } from '../live/read-live-state';
import type { LiveState } from '../model/state';
import { duoConnectionSpec } from '../resources/duo-connection-spec';
import { heldSecretNotes } from '../resources/held-secrets';
import { normalizeActiveDirectories } from '../resources/identity-sync';
import { identitySyncSpec } from '../resources/identity-sync-spec';
import { mfaRuleFromWire, ruleKey, withConnectionNames } from '../resources/mfa-rule';
import { mfaRuleSpec } from '../resources/mfa-rule-spec';
import { readAllPolicies } from './read-policies';

export interface ExportRead {
  /** With `mfaPolicies` holding the rules of every policy set that was read. */
  live: LiveState;
  /** Library condition names by id, for references ISE returned without one. */
  libraryNames: Map<string, string>;
  /** What the user should know about what could not be read (e.g. no MFA-rule API). */
  notes: string[];
}

/** What in `live` held a secret, by object (never the value). */
function heldSecretsNotes(live: LiveState): string[] {
  return [
    ...heldSecretNotes(live.duoConnections, (c) => duoConnectionSpec.label(c.name)),
    ...heldSecretNotes(live.identitySyncs, (s) => identitySyncSpec.label(s.name)),
    ...heldSecretNotes(live.activeDirectories, (d) => `AD join point "${d.name}"`),
    ...live.mfaPolicies.flatMap((p) =>
      heldSecretNotes(p.rules, (r) => mfaRuleSpec.label(ruleKey(p.service, p.policySet, r.name))),
    ),
  ];
}

export async function readForExport(reader: IseClient): Promise<ExportRead> {
  const watch = watchSecrets(reader);
  const client = watch.client;
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
  if (!live.mfa.enabled || !live.objectsReadable) {
    return { live, libraryNames: new Map(), notes: heldSecretsNotes(live) };
  }
  const { policies, libraryNames, notes } = await readAllPolicies(client, mfaRuleFromWire);
  const check = await watch.check();
  live.mfaPolicies = redactHeld(withConnectionNames(policies, live.duoConnections), check);
  const names = new Map([...libraryNames].map(([id, name]) => [id, redactHeld(name, check)]));
  return { live, libraryNames: names, notes: [...notes, ...heldSecretsNotes(live)] };
}
