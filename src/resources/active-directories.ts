/**
 * ISE's AD join points (`GET activedirectories`) as the model holds them. The live reader, the executor
 * (resolving a sync planned while MFA was off) and the online name check all list them: this is the one
 * mapping, so they agree on which entries count (a name and a directoryID) and on the domain's case.
 */
import type { WireActiveDirectory } from '../client/wire-types';
import type { ActiveDirectoryRef } from '../model/state';

export function joinPointsFromWire(list: WireActiveDirectory[]): Required<ActiveDirectoryRef>[] {
  return list
    .filter((d) => d.name && d.directoryID)
    .map((d) => ({ name: d.name!, directoryID: d.directoryID!, domain: (d.domain ?? '').toLowerCase() }));
}
