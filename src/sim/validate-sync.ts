/**
 * Shape checks for `IdentitysyncInfo` bodies. References (join points, groups) are checked by the store against
 * the seed; here only types and enums. `lastSync` and `syncStatus` are server-owned: whatever a client sends
 * for them is dropped, never stored and never an error, as the spec lists them in the request schema.
 */
import {
  WIRE_SCHEDULER_SYNC,
  type WireActiveDirectory,
  type WireAdGroup,
  type WireIdentitySync,
  type WireSyncSchedule,
} from '../client/wire-types';
import { badRequest } from './http';
import { type Obj, optArray, optString, put, requireName, requireObject } from './validate';

const INTERVAL_UNITS = ['days', 'hours', 'weeks'] as const;
/** `YYYY-MM-DDTHH:mm:ss`, no time zone, as in the spec's example. */
const START_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

function parseDirectory(item: unknown, where: string): WireActiveDirectory {
  const ad = requireObject(item, where);
  const out: WireActiveDirectory = {};
  put(out, 'directoryID', optString(ad, 'directoryID', where));
  put(out, 'domain', optString(ad, 'domain', where));
  out.name = requireName(ad, 'name', where);
  return out;
}

function parseGroup(item: unknown, where: string): WireAdGroup {
  const group = requireObject(item, where);
  // `sid` is accepted (some clients send it) but the store replaces it with the seed's value.
  optString(group, 'sid', where);
  return { name: requireName(group, 'name', where), source: requireName(group, 'source', where) };
}

function checkEnum<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  where: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(`${where} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function parseSchedule(value: unknown): WireSyncSchedule | null | undefined {
  if (value === undefined || value === null) return value;
  const where = 'identitySync.syncSchedule';
  const obj = requireObject(value, where);
  const out: WireSyncSchedule = {};
  put(
    out,
    'schedulerSync',
    checkEnum(optString(obj, 'schedulerSync', where), WIRE_SCHEDULER_SYNC, `${where}.schedulerSync`),
  );
  put(
    out,
    'intervalUnit',
    checkEnum(optString(obj, 'intervalUnit', where), INTERVAL_UNITS, `${where}.intervalUnit`),
  );
  if (obj.interval !== undefined && obj.interval !== null) {
    if (!Number.isInteger(obj.interval) || (obj.interval as number) < 1) {
      throw badRequest(`${where}.interval must be a positive integer`);
    }
    out.interval = obj.interval as number;
  }
  const startDate = optString(obj, 'startDate', where);
  if (startDate !== undefined && !START_DATE.test(startDate)) {
    throw badRequest(`${where}.startDate must look like 2022-09-19T09:00:00`);
  }
  put(out, 'startDate', startDate);
  if (out.schedulerSync === 'recurring' && (out.interval === undefined || out.intervalUnit === undefined)) {
    throw badRequest(`${where}: a recurring schedule needs interval and intervalUnit`);
  }
  return out;
}

function parseConfigurations(sync: Obj): WireIdentitySync['configurations'] {
  const value = sync.configurations;
  if (value === undefined || value === null) return undefined;
  const where = 'identitySync.configurations';
  const list = optArray(requireObject(value, where), 'activeDirectories', where);
  if (list === undefined) return {};
  return {
    activeDirectories: list.map((item, i) => parseDirectory(item, `${where}.activeDirectories[${i}]`)),
  };
}

/** `IdentitysyncInfo` → the sync to store (before the store resolves references and fills `sid`). */
export function parseIdentitySyncInfo(body: unknown): WireIdentitySync {
  const sync = requireObject(requireObject(body, 'Request body').identitySync, 'identitySync');
  const out: WireIdentitySync = { syncName: requireName(sync, 'syncName', 'identitySync') };
  put(out, 'configurations', parseConfigurations(sync));
  const groups = optArray(sync, 'adGroups', 'identitySync');
  if (groups !== undefined) out.adGroups = groups.map((g, i) => parseGroup(g, `identitySync.adGroups[${i}]`));
  // A null schedule ([MC] sends one) is stored as no schedule: the GET schema has no nullable object.
  put(out, 'syncSchedule', parseSchedule(sync.syncSchedule) ?? undefined);
  return out;
}
