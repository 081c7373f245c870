/**
 * Field-level differences between two normalized objects of one kind, as the plan shows them. Only the
 * fields the kind declares are compared; sensitive ones report that they changed, never what they hold.
 */
import { diff } from 'deep-diff';
import type { FieldChange } from '../model/plan';
import { type FieldSpec, fieldEquals } from '../resources/resource-spec';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An object-valued field (a schedule) is reported per sub-field (`schedule.every: 1 → 2`), because a whole
 * object on each side hides which part changed. Sets and scalars are reported whole.
 */
function objectFieldChanges(label: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  return (diff(before, after) ?? []).map((d) => {
    const path = [label, ...(d.path ?? [])].join('.');
    const change: FieldChange = { field: path };
    if (d.kind === 'E' || d.kind === 'D') change.before = d.lhs;
    if (d.kind === 'E' || d.kind === 'N') change.after = d.rhs;
    return change;
  });
}

/** Differences from `before` (live) to `after` (desired); either side may be null (create, delete). */
export function diffFields<T>(
  fields: ReadonlyArray<FieldSpec<T>>,
  before: T | null,
  after: T | null,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const b = before ? before[field.key] : undefined;
    const a = after ? after[field.key] : undefined;
    if (before && after && fieldEquals(field, b as T[keyof T], a as T[keyof T])) continue;
    if (field.sensitive) {
      // A live key fingerprint of null means "unknown": not evidence of a change (see duo-connection.ts).
      if (before && after && b === null) continue;
      const label = before && after && field.changedLabel ? field.changedLabel(before, after) : field.label;
      changes.push({ field: label, sensitive: true });
    } else if (isPlainObject(b) && isPlainObject(a)) {
      changes.push(...objectFieldChanges(field.label, b, a));
    } else {
      const change: FieldChange = { field: field.label };
      if (before) change.before = b ?? null;
      if (after) change.after = a ?? null;
      changes.push(change);
    }
  }
  return changes;
}

/** The first critical reason among the changed fields, if any. */
export function criticalReason<T>(
  fields: ReadonlyArray<FieldSpec<T>>,
  changes: FieldChange[],
): string | undefined {
  for (const field of fields) {
    if (
      field.critical &&
      changes.some((c) => c.field === field.label || c.field.startsWith(`${field.label}.`))
    ) {
      return field.critical;
    }
  }
  return undefined;
}
