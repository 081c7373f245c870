/**
 * Reading 2xx bodies. ISE's Duo API uses four shapes for reads, and each endpoint's is coded explicitly:
 * a bare `{status}`, `{response: [...], version}` for lists, bare arrays for the AD lookups, and the double
 * wrap `{response: {mfa | identitySync: {...}}}` of get-by-name. The policy API wraps once: lists as
 * `{response: [...], version}`, single objects as `{response: {...}}` (a created rule, a library condition). Only the minimum each caller relies on is
 * checked; the rest of the object is passed through. Anything else (empty, HTML, not JSON, another content
 * type, another shape) is an ApiError kind 'bad-response', never a crash further up.
 *
 * Write answers are plain strings (sometimes JSON strings) and are opaque: any 2xx is success.
 */
import type { ApiError } from '../errors';
import { badResponse, type CallContext, looksLikeHtml, MAX_QUOTED_DETAIL, quote } from './failures';
import type { RawResponse } from './http';

/** Returns the value typed when it has the minimum shape, or a description of what is wrong. */
export type ShapeCheck<T> = (value: unknown) => { value: T } | { problem: string };

const SHAPE_EXPLANATION =
  "ISE's answer does not match Cisco's API for this endpoint: is this ISE 3.3 Patch 1 or later, and is the URL ISE's?";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectItems<T>(value: unknown, where: string): { value: T[] } | { problem: string } {
  if (!Array.isArray(value)) return { problem: `${where} is not an array` };
  const bad = value.findIndex((item) => !isObject(item));
  return bad === -1 ? { value: value as T[] } : { problem: `${where}[${bad}] is not an object` };
}

/** `GET /duo-mfa/status`: `{ status: boolean }`, not wrapped. */
export const statusShape: ShapeCheck<boolean> = (value) =>
  isObject(value) && typeof value.status === 'boolean'
    ? { value: value.status }
    : { problem: 'no boolean "status"' };

/** The lists: `{ response: [...], version }`. */
export function listShape<T>(): ShapeCheck<T[]> {
  return (value) =>
    isObject(value) ? objectItems<T>(value.response, '"response"') : { problem: 'not an object' };
}

/** The AD lookups: a bare array. */
export function bareArrayShape<T>(): ShapeCheck<T[]> {
  return (value) => objectItems<T>(value, 'the body');
}

/** Get-by-name: `{ response: { <key>: {...} }, version }`. */
export function byNameShape<T>(key: 'mfa' | 'identitySync'): ShapeCheck<T> {
  return (value) => {
    const inner = isObject(value) && isObject(value.response) ? value.response[key] : undefined;
    return isObject(inner) ? { value: inner as T } : { problem: `no object "response.${key}"` };
  };
}

/** What a wire value is, for a message: never the value itself, which may be a key. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The first of `keys` of `o` that is neither absent, null nor text, described by its path. */
function notText(o: Record<string, unknown>, keys: readonly string[], where: string): string | undefined {
  const key = keys.find((k) => o[k] !== undefined && o[k] !== null && typeof o[k] !== 'string');
  return key === undefined ? undefined : `"${where}.${key}" is ${kindOf(o[key])}, not text`;
}

/** `o[key]` as an object (absent or null: empty), or what is wrong with it. */
function member(o: Record<string, unknown>, key: string, where: string) {
  const value = o[key];
  if (value === undefined || value === null) return { value: {} };
  return isObject(value) ? { value } : { problem: `"${where}.${key}" is ${kindOf(value)}, not an object` };
}

/** What in a connection's text fields and keys is not text (absent and null are fine), or undefined. */
function connectionProblem(mfa: Record<string, unknown>): string | undefined {
  const at = 'response.mfa';
  const own = notText(mfa, ['connectionName', 'description', 'identitySync', 'type'], at);
  if (own) return own;
  const account = member(mfa, 'accountConfigurations', at);
  if ('problem' in account) return account.problem;
  const where = `${at}.accountConfigurations`;
  const host = notText(account.value, ['apiHostName'], where);
  if (host) return host;
  for (const api of ['adminApi', 'authenticationApi']) {
    const keys = member(account.value, api, where);
    const problem =
      'problem' in keys ? keys.problem : notText(keys.value, ['ikey', 'sKey'], `${where}.${api}`);
    if (problem) return problem;
  }
  return undefined;
}

/** `shape`, then `problemOf` on what it accepted; `whose` ends the problem's description (whose answer). */
function refined<T>(
  shape: ShapeCheck<T>,
  problemOf: (value: T) => string | undefined,
  whose = '',
): ShapeCheck<T> {
  return (value) => {
    const checked = shape(value);
    if ('problem' in checked) return checked;
    const problem = problemOf(checked.value);
    return problem ? { problem: `${problem}${whose}` } : checked;
  };
}

const asRecord = (value: unknown) => value as Record<string, unknown>;

/**
 * Get-by-name of a Duo connection: the double wrap, and its text fields and keys text where present. A key
 * ISE sends as a number or a list would otherwise crash the conversion to the model; the problem names the
 * connection and the field, never the value.
 */
export const duoConnectionShape = <T>(name: string): ShapeCheck<T> =>
  refined(byNameShape<T>('mfa'), (v) => connectionProblem(asRecord(v)), ` in Duo connection "${name}"`);

/** The items of `list` whose `keys` are neither absent, null nor text: the first, described by its path. */
function itemsNotText(list: readonly unknown[], keys: readonly string[], where: string): string | undefined {
  for (const [i, item] of list.entries()) {
    if (!isObject(item)) return `"${where}[${i}]" is ${kindOf(item)}, not an object`;
    const problem = notText(item, keys, `${where}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** `o[key]` as a list (absent or null: empty), or what is wrong with it. */
function listMember(o: Record<string, unknown>, key: string, where: string) {
  const value = o[key];
  if (value === undefined || value === null) return { value: [] as unknown[] };
  return Array.isArray(value) ? { value } : { problem: `"${where}.${key}" is ${kindOf(value)}, not a list` };
}

/**
 * The lists, with the text fields the reader normalizes checked on every item: a name or a type that is a
 * number crashed the reader (`split is not a function`) instead of saying what ISE sent.
 */
export const textListShape = <T>(keys: readonly string[]): ShapeCheck<T[]> =>
  refined(listShape<T>(), (items) => itemsNotText(items, keys, 'response'));

/** What in a sync's name, join points and groups is not of the type the reader relies on, or undefined. */
function syncProblem(sync: Record<string, unknown>): string | undefined {
  const at = 'response.identitySync';
  const name = notText(sync, ['syncName'], at);
  if (name) return name;
  const configurations = member(sync, 'configurations', at);
  if ('problem' in configurations) return configurations.problem;
  const directories = listMember(configurations.value, 'activeDirectories', `${at}.configurations`);
  if ('problem' in directories) return directories.problem;
  const inDirectories = itemsNotText(
    directories.value,
    ['name', 'directoryID', 'domain'],
    `${at}.configurations.activeDirectories`,
  );
  if (inDirectories) return inDirectories;
  const groups = listMember(sync, 'adGroups', at);
  if ('problem' in groups) return groups.problem;
  return itemsNotText(groups.value, ['name', 'source', 'sid'], `${at}.adGroups`);
}

/** Get-by-name of an identity sync: the double wrap, and the members the reader normalizes of the right type. */
export const identitySyncShape = <T>(name: string): ShapeCheck<T> =>
  refined(byNameShape<T>('identitySync'), (v) => syncProblem(asRecord(v)), ` in identity sync "${name}"`);

/** A single object of the policy API: `{ response: {...}, version }`. */
export function responseShape<T>(): ShapeCheck<T> {
  return (value) =>
    isObject(value) && isObject(value.response)
      ? { value: value.response as T }
      : { problem: 'no object "response"' };
}

/** A created MFA rule: `{ response: RuleMfa }` with the new id at `response.rule.id`, which the caller needs. */
export function createdRuleShape<T>(): ShapeCheck<T> {
  return (value) => {
    const inner = isObject(value) && isObject(value.response) ? value.response : undefined;
    const rule = inner && isObject(inner.rule) ? inner.rule : undefined;
    return rule && typeof rule.id === 'string' && rule.id !== ''
      ? { value: inner as T }
      : { problem: 'no string "response.rule.id"' };
  };
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * The JSON body of a 2xx answer, checked against `shape`. Throws ApiError kind 'bad-response'; with
 * `afterWrite` (the answer to a POST that ISE accepted) the error says the change may be on ISE anyway.
 */
export function readJson<T>(
  ctx: CallContext,
  response: RawResponse,
  shape: ShapeCheck<T>,
  afterWrite = false,
): T {
  const fail = (problem: string, explanation?: string): ApiError =>
    badResponse(ctx, response, problem, explanation, afterWrite);
  if (response.body.trim() === '') throw fail('an empty body where JSON was expected', SHAPE_EXPLANATION);
  if (looksLikeHtml(response.contentType, response.body)) throw fail('an HTML page where JSON was expected');
  if (response.contentType !== '' && !response.contentType.includes('json')) {
    throw fail(
      `content type "${quote(ctx, response.contentType, MAX_QUOTED_DETAIL)}" where application/json was expected`,
      'ISE answers its API in JSON; something else (a proxy?) may have answered. Check the URL.',
    );
  }
  const parsed = parseJson(response.body);
  if (!parsed) {
    throw fail('malformed JSON', 'The answer was cut off or is not from ISE: try again, and check the URL.');
  }
  const checked = shape(parsed.value);
  if ('problem' in checked) throw fail(`a body of unexpected shape (${checked.problem})`, SHAPE_EXPLANATION);
  return checked.value;
}

/**
 * The text of an opaque string answer (`"Sync in progress"`): a JSON string is unquoted, anything else kept;
 * quoted like any server text (scrubbed, then cut), as it is shown to the user.
 */
export function readMessage(ctx: CallContext, response: RawResponse): string {
  const text = response.body.trim();
  if (looksLikeHtml(response.contentType, text)) return '';
  const parsed = parseJson(text);
  if (parsed && typeof parsed.value === 'string') return quote(ctx, parsed.value);
  if (parsed && isObject(parsed.value) && typeof parsed.value.message === 'string')
    return quote(ctx, parsed.value.message);
  return quote(ctx, text);
}
