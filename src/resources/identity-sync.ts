/**
 * Duo identity syncs (`/duo-identitysync/identitysync`): which AD join points and groups ISE pushes to Duo.
 *
 * Normalization makes equal configurations compare equal however ISE renders them: AD groups and join points
 * are sets (sorted, de-duplicated), a group's `sid` is ignored (the file names groups by path), domains are
 * lower-cased, and a `null` schedule, a missing one and `schedulerSync: none` are all "no schedule".
 * `lastSync` and `syncStatus` belong to the server and are never sent or compared.
 */
import type { WireActiveDirectory, WireIdentitySync, WireIdentitySyncInfo } from '../client/wire-types';
import type {
  ActiveDirectoryRef,
  AdGroupRef,
  IdentitySync,
  ScheduleUnit,
  SyncSchedule,
} from '../model/state';

/**
 * Join points are the same when their names match and, where both sides know them, their directoryID and
 * domain match too. ISE may hold a join point by name alone; that is not a difference worth a write.
 */
export function sameActiveDirectories(live: unknown, desired: unknown): boolean {
  const a = live as ActiveDirectoryRef[];
  const b = desired as ActiveDirectoryRef[];
  if (a.length !== b.length) return false;
  const known = (x?: string, y?: string) => x === undefined || y === undefined || x === y;
  return a.every(
    (l, i) => l.name === b[i].name && known(l.directoryID, b[i].directoryID) && known(l.domain, b[i].domain),
  );
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function normalizeActiveDirectories(refs: ActiveDirectoryRef[]): ActiveDirectoryRef[] {
  const seen = new Map<string, ActiveDirectoryRef>();
  for (const ref of refs) {
    const name = ref.name.trim();
    const out: ActiveDirectoryRef = { name };
    if (ref.directoryID) out.directoryID = ref.directoryID.trim();
    if (ref.domain) out.domain = ref.domain.trim().toLowerCase();
    seen.set(name, out);
  }
  return [...seen.values()].sort(byName);
}

export function normalizeAdGroups(groups: AdGroupRef[]): AdGroupRef[] {
  const seen = new Map<string, AdGroupRef>();
  for (const g of groups) {
    const source = g.source.trim();
    const name = g.name.trim();
    seen.set(`${source}\u0000${name}`, { source, name });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

function scheduleFromWire(wire: WireIdentitySync['syncSchedule']): SyncSchedule | null {
  // The spec's enum says `recurring`, its own description `Recurring` (reference §2.2): either case.
  if (wire?.schedulerSync?.toLowerCase() !== 'recurring') return null;
  return {
    every: wire.interval ?? 1,
    unit: (wire.intervalUnit ?? 'days') as ScheduleUnit,
    start: wire.startDate ?? '',
  };
}

/**
 * `requested`: the name the detail was read by. No field of the body is required (reference §2.1), and a
 * body without its name is the object of the name asked for, not one named "".
 */
export function identitySyncFromWire(wire: WireIdentitySync, requested?: string): IdentitySync {
  const directories: WireActiveDirectory[] = wire.configurations?.activeDirectories ?? [];
  return {
    name: wire.syncName ?? requested ?? '',
    activeDirectories: normalizeActiveDirectories(
      directories.map((d) => ({ name: d.name ?? '', directoryID: d.directoryID, domain: d.domain })),
    ),
    adGroups: normalizeAdGroups(
      (wire.adGroups ?? []).map((g) => ({ source: g.source ?? '', name: g.name ?? '' })),
    ),
    schedule: scheduleFromWire(wire.syncSchedule),
  };
}

/** The create/update body. Join points without a directoryID are resolved by the executor at apply time,
 * because ISE lists join points only once the MFA feature is on. */
export function identitySyncToWire(sync: IdentitySync): WireIdentitySyncInfo {
  const s = sync.schedule;
  return {
    identitySync: {
      syncName: sync.name,
      configurations: {
        activeDirectories: sync.activeDirectories.map((d) => ({
          directoryID: d.directoryID,
          domain: d.domain,
          name: d.name,
        })),
      },
      adGroups: sync.adGroups.map((g) => ({ name: g.name, source: g.source })),
      syncSchedule: s
        ? { schedulerSync: 'recurring', interval: s.every, intervalUnit: s.unit, startDate: s.start }
        : { schedulerSync: 'none' },
    },
  };
}

/**
 * Fills each join point's directoryID and domain from ISE's catalogue (`GET activedirectories`). Returns the
 * names that ISE does not know, which the caller reports.
 */
export function resolveActiveDirectories(
  refs: ActiveDirectoryRef[],
  catalogue: ReadonlyArray<Required<ActiveDirectoryRef>>,
): { resolved: ActiveDirectoryRef[]; unknown: string[] } {
  const unknown: string[] = [];
  const resolved = refs.map((ref) => {
    const found = catalogue.find((c) => c.name === ref.name);
    if (!found) {
      unknown.push(ref.name);
      return ref;
    }
    return { name: ref.name, directoryID: found.directoryID, domain: found.domain.toLowerCase() };
  });
  return { resolved, unknown };
}
