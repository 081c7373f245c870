/**
 * A Plan is plain, versioned JSON: it can be saved (`plan --out`), reviewed, and applied later exactly as it
 * was (`apply --plan`). It holds no secret and nothing reversible into one: key fields appear only as
 * `{ $secret: ref }` placeholders in request bodies and as "(sensitive value changed)" in diffs.
 *
 * It records what it was computed from (a fingerprint of the desired state and of every live object read),
 * so a saved plan refuses to apply once ISE or the file has moved on, and a checksum over all of it, so a
 * hand-edited plan is refused too.
 */
import { createHash } from 'node:crypto';

/** Version 2: a change's body is typed by its (kind, action); version 1 plans are refused (make them again). */
export const PLAN_FORMAT_VERSION = 2;

export interface FieldChange {
  /** The user-facing field name, as in the YAML file: `adGroups`, `adminApi.skey`. */
  field: string;
  /** Absent for a create (no before), a delete (no after), or a sensitive field. */
  before?: unknown;
  after?: unknown;
  /** The values are keys: shown as "(sensitive value changed)", never stored. */
  sensitive?: true;
}

/** What every change has, whatever its kind. */
export interface ChangeCommon<K extends string, A extends string> {
  kind: K;
  action: A;
  /** The object's natural key; `mfa` for the feature switch. */
  name: string;
  fields: FieldChange[];
  /** Why this change can lock administrators out; apply refuses it without `--allow-critical`. */
  critical?: string;
}

/** A create or update: the whole request body (keys as placeholders) and the desired object, for re-reading
 * after an unknown outcome. */
export interface WriteChange<K extends string, A extends string, B, T> extends ChangeCommon<K, A> {
  body: B;
  after: T;
}

/**
 * The change members of each resource kind, by kind. Empty here: each kind adds its own from its file in
 * `src/resources/` (declaration merging), with bodies typed by its wire types, so the model names no kind
 * and imports nothing from the layers above it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each kind's `declare module` block
export interface ChangeTypes {}

/**
 * One change: a union discriminated on (kind, action), each member with exactly one of each, so that the
 * executor's handler map is exhaustive by type and never casts a body.
 */
export type Change = ChangeTypes[keyof ChangeTypes];

export type ResourceKind = Change['kind'];
export type ChangeAction = Change['action'];
/** `identity-sync.create`, `mfa.enable`, …: one per member of the union. */
export type ChangeKey = Change extends infer C
  ? C extends Change
    ? `${C['kind']}.${C['action']}`
    : never
  : never;
/** The change of one kind (and action). */
export type ChangeOf<K extends ResourceKind, A extends ChangeAction = ChangeAction> = Extract<
  Change,
  { kind: K; action: A }
>;
/** A change without its body and desired object: what drift reports and renderers need. */
export type ChangeSummary = Change extends infer C
  ? C extends Change
    ? ChangeCommon<C['kind'], C['action']>
    : never
  : never;

export function summarizeChange(change: Change): ChangeSummary {
  const { kind, action, name, fields, critical } = change;
  return { kind, action, name, fields, ...(critical === undefined ? {} : { critical }) } as ChangeSummary;
}

/** The actions a kind has. */
export type ActionOf<K extends ResourceKind> = ChangeOf<K>['action'];

/** An action that is not configuration: it runs only when asked and is listed so that the reader knows. */
export interface PendingAction {
  type: 'run-sync';
  name: string;
  reason: string;
}

/** The reason of a run that `runSync: always` asks for: every apply asks it again by itself. */
export const RUN_SYNC_ALWAYS = 'runSync: always';

/**
 * The sync runs of `actions` that no later plan asks for again (created or regrouped syncs, `onChange`): an
 * apply that does not get to start them must say it owes them. `runSync: always` asks on every apply.
 */
export function onceOnlySyncRuns(actions: readonly PendingAction[]): string[] {
  return actions.filter((a) => a.type === 'run-sync' && a.reason !== RUN_SYNC_ALWAYS).map((a) => a.name);
}

export interface UnmanagedObject {
  kind: Exclude<ResourceKind, 'mfa'>;
  name: string;
}

/**
 * Fingerprints of what the desired state was read from (see `src/desired/inputs.ts`), so that a refused saved
 * plan names the input that moved. Never values.
 */
export interface PlanInputs {
  /** The absolute path of the file that was read. */
  path: string;
  /** 16 hex digits of sha256 over the file's bytes. */
  content: string;
  /** By variable name: a fingerprint of the value each `${env:…}` reference read (outside `ise:`). */
  env: Record<string, string>;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** The ISE base URL the plan was computed against. */
  target: string;
  /** The desired-state file, as given on the command line. */
  desiredFile: string;
  desiredFingerprint: string;
  /** Hash of each live object read, by `${kind}/${name}` and `mfa`. */
  liveFingerprints: Record<string, string>;
  /** What the desired state was read from; absent in plans made before it was recorded. */
  inputs?: PlanInputs;
  /** In execution order. */
  changes: Change[];
  unmanaged: UnmanagedObject[];
  actions: PendingAction[];
  /** Things the reader should know that are not changes (e.g. keys that could not be verified). */
  notes: string[];
  /** sha256 over everything above; a mismatch means the file was edited. */
  checksum: string;
}

export type UnsignedPlan = Omit<Plan, 'checksum'>;

/**
 * JSON with object keys sorted at every level, so equal values always hash the same. Written out directly:
 * a JSON.stringify replacer that returns a sorted copy of every object allocates each object twice (entries,
 * then the copy), and the planner and the reader call this for every field compared and every object
 * fingerprinted. The output is byte for byte JSON.stringify's over the sorted copy (saved plans' checksums
 * depend on it): `toJSON` is honoured, members whose value JSON omits (undefined, functions, symbols) are
 * left out of objects and written as null in arrays, and array-index keys ("0", "12") come first in numeric
 * order, as JavaScript enumerates them in any object, the sorted copy included.
 */
export function canonicalJson(value: unknown): string {
  return sortedJson(value, '') as string;
}

function sortedJson(value: unknown, key: string): string | undefined {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += `${i ? ',' : ''}${sortedJson(v[i], String(i)) ?? 'null'}`;
    return `${out}]`;
  }
  const record = v as Record<string, unknown>;
  let out = '{';
  for (const k of sortedKeys(record)) {
    const member = sortedJson(record[k], k);
    if (member !== undefined) out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${member}`;
  }
  return `${out}}`;
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndex(key: string): boolean {
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n <= MAX_ARRAY_INDEX && String(n) === key;
}

/** Object.keys lists array-index keys first, ascending; the other keys follow, and those are sorted here. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let indexes = 0;
  while (indexes < keys.length && isArrayIndex(keys[indexes] as string)) indexes++;
  if (indexes === 0) return keys.sort();
  return [...keys.slice(0, indexes), ...keys.slice(indexes).sort()];
}

/** A short content hash (16 hex digits of sha256) of any JSON value. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

export function planChecksum(plan: UnsignedPlan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

export function signPlan(plan: UnsignedPlan): Plan {
  return { ...plan, checksum: planChecksum(plan) };
}
