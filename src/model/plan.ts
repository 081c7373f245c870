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

export const PLAN_FORMAT_VERSION = 1;

export type ResourceKind = 'mfa' | 'identity-sync' | 'duo-connection';
export type ChangeAction = 'enable' | 'disable' | 'create' | 'update' | 'delete';

export interface FieldChange {
  /** The user-facing field name, as in the YAML file: `adGroups`, `adminApi.skey`. */
  field: string;
  /** Absent for a create (no before), a delete (no after), or a sensitive field. */
  before?: unknown;
  after?: unknown;
  /** The values are keys: shown as "(sensitive value changed)", never stored. */
  sensitive?: true;
}

export interface Change {
  kind: ResourceKind;
  action: ChangeAction;
  /** The object's natural key; `mfa` for the feature switch. */
  name: string;
  fields: FieldChange[];
  /** Why this change can lock administrators out; apply refuses it without `--allow-critical`. */
  critical?: string;
  /** The request body the executor sends (create, update, enable/disable), keys as placeholders. */
  body?: unknown;
  /** The desired object in the normalized model (secret-free), for re-reading after an unknown outcome. */
  after?: unknown;
}

/** An action that is not configuration: it runs only when asked and is listed so that the reader knows. */
export interface PendingAction {
  type: 'run-sync';
  name: string;
  reason: string;
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

/** JSON with object keys sorted at every level, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
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
