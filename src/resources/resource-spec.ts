/**
 * What every resource kind declares about itself, so that the planner can diff any kind the same way.
 * Each kind's file (`mfa.ts`, `identity-sync.ts`, `duo-connection.ts`) holds its key, its normalization
 * (`fromWire`), its request body (`toWire`), the fields compared, and the wire fields that are server-owned
 * (never sent, never compared) or write-only (sent, never read back).
 */
import type { ResourceKind } from '../model/plan';

export interface FieldSpec<T> {
  /** The model property compared. */
  key: keyof T & string;
  /** The name shown to users: the YAML key. */
  label: string;
  /** Values are keys or key fingerprints: shown as "(sensitive value changed)". */
  sensitive?: boolean;
  /** When set, changing this field is critical (it can lock administrators out): the reason. */
  critical?: string;
  /** Equality where a plain deep comparison would report a difference ISE does not mean (default: deep). */
  equals?: (live: T[keyof T], desired: T[keyof T]) => boolean;
}

export interface ResourceSpec<T> {
  kind: ResourceKind;
  /** The natural key; ISE has no server-generated IDs for these objects. */
  keyOf(obj: T): string;
  /** Compared fields, in display order. Anything not listed is not compared. */
  fields: ReadonlyArray<FieldSpec<T>>;
  /** Wire fields ISE sets itself: ignored on read, never sent. */
  serverOwnedWireFields: readonly string[];
  /** Wire fields ISE may not return (masked or omitted): compared by fingerprint only. */
  writeOnlyWireFields: readonly string[];
}
