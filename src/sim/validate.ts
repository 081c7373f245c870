/**
 * Shape checks for the bodies of the duo-mfa operations (and the shared helpers the identity-sync checks use).
 * A real ISE rejects a body of the wrong type with 400; so does the simulator, naming the offending field, so a
 * client bug shows up as a precise error instead of as silently stored garbage. Only known fields are kept:
 * what the store holds is always a clean wire object.
 */
import type { WireAccountConfigurations, WireApi, WireMfaConnection } from '../client/wire-types';
import { badRequest } from './http';

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, where: string): Obj {
  if (!isObject(value)) throw badRequest(`${where} must be a JSON object`);
  return value;
}

/** A string field; absent and null both mean "not given". */
export function optString(obj: Obj, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${where}.${key} must be a string`);
  return value;
}

export function requireName(obj: Obj, key: string, where: string): string {
  const value = optString(obj, key, where);
  if (value === undefined || value.trim() === '') throw badRequest(`${where}.${key} is required`);
  return value;
}

export function optArray(obj: Obj, key: string, where: string): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest(`${where}.${key} must be an array`);
  return value;
}

/** Sets `target[key]` only when `value` is defined, so stored objects carry no `undefined` members. */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

const MFA_TYPES = ['VPN', 'TACACS'];

/** `"VPN,TACACS"`: a comma-separated list, each entry one of the protocols the beta supports. */
function checkType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !MFA_TYPES.includes(p));
  if (unknown.length > 0) {
    throw badRequest(`mfa.type has unknown value(s) ${JSON.stringify(unknown)}; allowed: VPN, TACACS`);
  }
  return value;
}

function parseApi(obj: Obj, key: string, where: string): WireApi | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  const api = requireObject(value, `${where}.${key}`);
  const out: WireApi = {};
  put(out, 'ikey', optString(api, 'ikey', `${where}.${key}`));
  put(out, 'sKey', optString(api, 'sKey', `${where}.${key}`));
  return out;
}

/** `AccountConfigurations`, inside `mfa` or alone (the testconnection body). */
export function parseAccountConfigurations(value: unknown, where: string): WireAccountConfigurations {
  const obj = requireObject(value, where);
  const out: WireAccountConfigurations = {};
  put(out, 'apiHostName', optString(obj, 'apiHostName', where));
  put(out, 'adminApi', parseApi(obj, 'adminApi', where));
  put(out, 'authenticationApi', parseApi(obj, 'authenticationApi', where));
  return out;
}

/** `MfaInfo` → the `MfaInfoMfa` to store. `connectionName` is required even though the spec marks nothing. */
export function parseMfaInfo(body: unknown): WireMfaConnection {
  const mfa = requireObject(requireObject(body, 'Request body').mfa, 'mfa');
  const out: WireMfaConnection = { connectionName: requireName(mfa, 'connectionName', 'mfa') };
  put(out, 'description', optString(mfa, 'description', 'mfa'));
  put(out, 'identitySync', optString(mfa, 'identitySync', 'mfa'));
  put(out, 'type', checkType(optString(mfa, 'type', 'mfa')));
  const accounts = mfa.accountConfigurations;
  if (accounts !== undefined && accounts !== null) {
    out.accountConfigurations = parseAccountConfigurations(accounts, 'mfa.accountConfigurations');
  }
  return out;
}

/** `MfaFeatureEnable`: both levels are required by the spec, and `status` must be a boolean. */
export function parseEnable(body: unknown): boolean {
  const mfa = requireObject(requireObject(body, 'Request body').mfa, 'mfa');
  if (typeof mfa.status !== 'boolean') throw badRequest('mfa.status is required and must be a boolean');
  return mfa.status;
}

/** `SyncUpdate` (#18): checked for shape only; the simulator stores nothing from it. */
export function parseSyncUpdate(body: unknown): void {
  const update = requireObject(body, 'Request body');
  optString(update, 'status', 'body');
  const errors = optArray(update, 'errorList', 'body') ?? [];
  errors.forEach((item, i) => {
    const entry = requireObject(item, `errorList[${i}]`);
    optString(entry, 'reason', `errorList[${i}]`);
    if (entry.user !== undefined && entry.user !== null) {
      const user = requireObject(entry.user, `errorList[${i}].user`);
      for (const key of Object.keys(user)) optString(user, key, `errorList[${i}].user`);
    }
  });
}
