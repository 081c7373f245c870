/**
 * A `NameCatalogue` backed by Duo's lookups: join points from `GET activedirectories`, each join point's
 * groups from `GET adgroups/{directoryID}`, each listed at most once per run. `plan` passes the join points
 * it has already read, so its check costs only the group lists.
 */
import { InFlightLimit } from '../client/in-flight';
import type { IseClient } from '../client/types';
import type { WireErsActiveDirectory } from '../client/wire-types';
import type { IdentitySync } from '../model/state';
import { joinPointsFromWire } from '../resources/active-directories';
import type { JoinPoint, NameCatalogue } from './name-check';

export function clientCatalogue(client: IseClient, joinPoints?: readonly JoinPoint[]): NameCatalogue {
  let dirs: Promise<JoinPoint[]> | undefined = joinPoints ? Promise.resolve([...joinPoints]) : undefined;
  const groups = new Map<string, Promise<string[]>>();
  return {
    joinPoints: () => {
      dirs ??= client.listActiveDirectories().then(joinPointsFromWire);
      return dirs;
    },
    groups: (joinPoint) => {
      let found = groups.get(joinPoint.directoryID);
      if (!found) {
        found = client
          .listAdGroups(joinPoint.directoryID)
          .then((list) => list.map((g) => g.name ?? '').filter((n) => n !== ''));
        groups.set(joinPoint.directoryID, found);
      }
      return found;
    },
  };
}

/** As the live reader: a target never has more than two reads in flight (`docs/design.md`). */
const ERS_IN_FLIGHT = 2;

const groupNames = (d: WireErsActiveDirectory | undefined) =>
  (d?.adGroups?.groups ?? []).map((g) => g.name ?? '').filter((n) => n !== '');

/**
 * A `NameCatalogue` backed by ISE's ERS API, for while MFA is off (Duo's lookups answer 403 then). Each join
 * point the file names is read by name with its groups, two at a time: one round trip when a file names one
 * or two and they are right. Only when one is missing is the list read, for the did-you-mean and to tell
 * "no such join point" from "no ERS here" (both 404); what the by-name reads found stays known even if the
 * list lacks it, and a named join point found only in the list is read by id before the check, so that an
 * ERS refusing it is "not available" like the others. The ERS id stands in for the directoryID, which only
 * keys the group lookups here: the executor resolves the real one from Duo's list once MFA is on.
 * `{ unavailable: status }` when ERS is off or not permitted.
 */
export async function ersCatalogue(
  client: IseClient,
  syncs: readonly IdentitySync[],
): Promise<{ catalogue: NameCatalogue } | { unavailable: number }> {
  const limit = new InFlightLimit(ERS_IN_FLIGHT);
  const names = joinPointNames(syncs);
  const answers = await Promise.all(names.map((n) => limit.run(() => client.getErsJoinPointByName(n))));
  const refused = answers.find((a) => 'unavailable' in a);
  if (refused) return refused;
  const details = new Map<string, WireErsActiveDirectory>();
  for (const a of answers) {
    const d = 'value' in a ? a.value : null;
    if (d?.id && d.name) details.set(d.id, d);
  }
  const found = [...details.values()].map((d) => ({ name: d.name!, directoryID: d.id! }));
  let joinPoints: JoinPoint[] = found;
  if (!names.every((n) => found.some((j) => j.name === n))) {
    const listed = await client.listErsJoinPoints();
    if ('unavailable' in listed) return listed;
    const byId = new Map<string, JoinPoint>(); // ISE's order, once each (a server may repeat a page)
    for (const r of listed.value)
      if (r.id && r.name && !byId.has(r.id)) byId.set(r.id, { name: r.name, directoryID: r.id });
    for (const j of found) if (!byId.has(j.directoryID)) byId.set(j.directoryID, j);
    joinPoints = [...byId.values()];
    const unread = joinPoints.filter((j) => names.includes(j.name) && !details.has(j.directoryID));
    const more = await Promise.all(unread.map((j) => limit.run(() => client.getErsJoinPoint(j.directoryID))));
    for (const [k, a] of more.entries()) {
      if ('unavailable' in a) return a;
      details.set(unread[k].directoryID, a.value);
    }
  }
  return {
    catalogue: {
      joinPoints: async () => joinPoints,
      groups: async (joinPoint) => groupNames(details.get(joinPoint.directoryID)),
    },
  };
}

/** The join points the syncs name, as their own entries or as the source of a group. */
export function joinPointNames(syncs: readonly IdentitySync[]): string[] {
  return [
    ...new Set(
      syncs.flatMap((s) => [...s.activeDirectories.map((d) => d.name), ...s.adGroups.map((g) => g.source)]),
    ),
  ];
}
