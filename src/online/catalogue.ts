/**
 * A `NameCatalogue` backed by Duo's lookups: join points from `GET activedirectories`, each join point's
 * groups from `GET adgroups/{directoryID}`, each listed at most once per run. `plan` passes the join points
 * it has already read, so its check costs only the group lists.
 */
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

/**
 * A `NameCatalogue` backed by ISE's ERS API, for while MFA is off (Duo's lookups answer 403 then). Each join
 * point the file names is read by name, all at once, with its groups: one round trip when every name is
 * right. Only when one is missing is the list read, for the did-you-mean and to tell "no such join point"
 * from "no ERS here" (both 404). The ERS id stands in for the directoryID, which only keys the group lookups
 * here: the executor resolves the real one from Duo's list once MFA is on. `{ unavailable: status }` when ERS
 * is off or not permitted.
 */
export async function ersCatalogue(
  client: IseClient,
  named: readonly string[],
): Promise<{ catalogue: NameCatalogue } | { unavailable: number }> {
  const answers = await Promise.all([...new Set(named)].map((n) => client.getErsJoinPointByName(n)));
  const refused = answers.find((a) => 'unavailable' in a);
  if (refused) return refused;
  const details = new Map<string, WireErsActiveDirectory>();
  for (const a of answers) {
    const d = 'value' in a ? a.value : null;
    if (d?.id && d.name) details.set(d.id, d);
  }
  const exact = new Set([...details.values()].map((d) => d.name));
  let joinPoints = [...details.values()].map((d) => ({ name: d.name!, directoryID: d.id! }));
  if (!named.every((n) => exact.has(n))) {
    const listed = await client.listErsJoinPoints();
    if ('unavailable' in listed) return listed;
    joinPoints = listed.value
      .filter((r) => r.id && r.name)
      .map((r) => ({ name: r.name!, directoryID: r.id! }));
  }
  const groups = new Map<string, Promise<string[]>>();
  const namesOf = (d: WireErsActiveDirectory) =>
    (d.adGroups?.groups ?? []).map((g) => g.name ?? '').filter((n) => n !== '');
  return {
    catalogue: {
      joinPoints: async () => joinPoints,
      groups: (joinPoint) => {
        let found = groups.get(joinPoint.directoryID);
        if (!found) {
          const known = details.get(joinPoint.directoryID);
          found = known
            ? Promise.resolve(namesOf(known))
            : client.getErsJoinPoint(joinPoint.directoryID).then(namesOf);
          groups.set(joinPoint.directoryID, found);
        }
        return found;
      },
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
