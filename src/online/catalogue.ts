/**
 * A `NameCatalogue` backed by the ISE client: join points from `GET activedirectories`, each join point's
 * groups from `GET adgroups/{directoryID}`, each listed at most once per run. `plan` passes the join points
 * it has already read, so its check costs only the group lists.
 */
import type { IseClient } from '../client/types';
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
