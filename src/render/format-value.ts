/**
 * How values look in human output. Pure helpers shared by the text and markdown renderers.
 */
import type { ChangeSummary as Change, FieldChange, ResourceKind } from '../model/plan';
import { specOf } from '../resources/registry';
import { describeCondition, isCondition, withoutShadowedIds } from './format-condition';

export const SENSITIVE_CHANGED = '(sensitive value changed)';
export const SENSITIVE = '(sensitive value)';

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (isCondition(value)) return describeCondition(value);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 2 && 'source' in (value as object) && 'name' in (value as object)) {
      const g = value as { source: string; name: string };
      return `${g.source}:${g.name}`;
    }
    if (
      'name' in (value as object) &&
      entries.every(([k]) => ['name', 'directoryID', 'domain'].includes(k))
    ) {
      return String((value as { name: string }).name);
    }
    return `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * For set-valued fields, the members added and removed: clearer than two long lists. A condition's
 * children are ordered (the first is evaluated first), so a list of conditions is no set: null, and the
 * caller shows both lists.
 */
export function setDelta(before: unknown, after: unknown): { added: string[]; removed: string[] } | null {
  if (!Array.isArray(before) || !Array.isArray(after)) return null;
  if (before.some(isCondition) || after.some(isCondition)) return null;
  const b = new Set(before.map(formatValue));
  const a = new Set(after.map(formatValue));
  const delta = { added: [...a].filter((x) => !b.has(x)), removed: [...b].filter((x) => !a.has(x)) };
  return delta.added.length || delta.removed.length ? delta : null;
}

/** One line describing a field change, without the leading symbol. */
export function describeField(change: Change, f: FieldChange): string {
  if (f.sensitive) return `${f.field}: ${change.action === 'create' ? SENSITIVE : SENSITIVE_CHANGED}`;
  if (change.action === 'create') return `${f.field}: ${formatValue(f.after)}`;
  const delta = setDelta(f.before, f.after);
  if (delta) {
    const parts = [...delta.added.map((x) => `+${x}`), ...delta.removed.map((x) => `-${x}`)];
    return `${f.field}: ${parts.join(', ')}`;
  }
  return `${f.field}: ${formatValue(f.before)} -> ${formatValue(f.after)}`;
}

const OUTCOME: Record<Change['action'], string> = {
  enable: 'enabled',
  disable: 'disabled',
  create: 'created',
  update: 'updated in place',
  move: 'moved',
  delete: 'deleted',
};

/** What a change is about, without what will happen to it: `MFA feature`, `duo-connection "corp-duo"`. */
export function changeSubject(change: Pick<Change, 'kind' | 'name'>): string {
  return specOf(change.kind).title(change.name);
}

export function changeTitle(change: Change): string {
  return `${changeSubject(change)} will be ${OUTCOME[change.action]}`;
}

/** How output names a change's object: `MFA`, `identity-sync "corp-ad"`. */
export function objectLabel(c: { kind: ResourceKind; name: string }): string {
  return specOf(c.kind).label(c.name);
}

/** The field diffs output lists for a change (none for the feature switch: its title says it all). */
export function shownFields(change: Change): FieldChange[] {
  return specOf(change.kind).showsFields ? withoutShadowedIds(change.fields) : [];
}

export function changeSymbol(change: Change): '+' | '~' | '-' {
  if (change.action === 'create' || change.action === 'enable') return '+';
  if (change.action === 'update' || change.action === 'move') return '~';
  return '-';
}

export function summaryCounts(changes: Change[]): string {
  const count = (pred: (c: Change) => boolean) => changes.filter(pred).length;
  const add = count((c) => c.action === 'create' || c.action === 'enable');
  const change = count((c) => c.action === 'update' || c.action === 'move');
  const destroy = count((c) => c.action === 'delete' || c.action === 'disable');
  const critical = count((c) => c.critical !== undefined);
  const base = `${add} to add, ${change} to change, ${destroy} to remove`;
  return critical ? `${base} (${critical} critical)` : base;
}

/** A field of an object missing on ISE: only what the file wants (ISE has no such object to compare with). */
export function describeWantedField(f: FieldChange): string {
  if (f.sensitive) return `${f.field}: (sensitive value)`;
  return `${f.field}: the file wants ${formatValue(f.after)}`;
}

/** A field difference told from ISE's side, for drift reports: what ISE has against what the file wants. */
export function describeDriftField(f: FieldChange): string {
  if (f.sensitive) return `${f.field}: differs from the file (sensitive values not shown)`;
  const delta = setDelta(f.before, f.after);
  if (delta) {
    const parts = [
      delta.added.length ? `missing on ISE: ${delta.added.join(', ')}` : '',
      delta.removed.length ? `only on ISE: ${delta.removed.join(', ')}` : '',
    ].filter(Boolean);
    return `${f.field}: ${parts.join('; ')}`;
  }
  return `${f.field}: ISE has ${formatValue(f.before)}, the file wants ${formatValue(f.after)}`;
}
