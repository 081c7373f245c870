/**
 * The field diff of an MFA rule. A condition is a tree, so a changed one is reported at the paths that
 * changed, written as in the file (`condition.and[1].value`), with deep-diff; a tree that changed shape
 * (another kind of node at a path) is reported whole at that path. The other fields are scalars.
 */
import { type Diff, diff } from 'deep-diff';
import { canonicalJson, type FieldChange } from '../model/plan';
import type { MfaRule, RuleCondition } from '../model/state';
import { RULE_FIELDS, STATE_REASON } from './mfa-rule';

function pathText(base: string, path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${p}`), base);
}

type Path = ReadonlyArray<string | number>;

function at(tree: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
    tree,
  );
}

/** A node's kind: attribute test, library reference, and, or, not (arrays and scalars have none). */
function kindOf(node: unknown): string | null {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return null;
  for (const k of ['and', 'or', 'not', 'library']) if (k in node) return k;
  return 'attribute';
}

/**
 * Where a deep-diff entry is reported: at the shallowest node whose kind differs between the two trees (a
 * node replaced by another kind is one change, not one per member), else at the entry's own path.
 */
function reportedPath(before: RuleCondition, after: RuleCondition, path: Path): Path {
  for (let i = 0; i <= path.length; i++) {
    const prefix = path.slice(0, i);
    const b = at(before, prefix);
    const a = at(after, prefix);
    const kb = kindOf(b);
    const ka = kindOf(a);
    if (kb && ka && kb !== ka) return prefix;
  }
  return path;
}

function conditionChanges(before: RuleCondition | null, after: RuleCondition | null): FieldChange[] {
  if (before === null || after === null) return [{ field: 'condition', before, after }];
  const found: Diff<RuleCondition, RuleCondition>[] = diff(before, after) ?? [];
  const paths = new Map<string, Path>();
  for (const d of found) {
    const own = d.kind === 'A' ? [...(d.path ?? []), d.index] : (d.path ?? []);
    const path = reportedPath(before, after, own);
    paths.set(pathText('condition', path), path);
  }
  return [...paths].map(([field, path]) => {
    const change: FieldChange = { field };
    const b = at(before, path);
    const a = at(after, path);
    if (b !== undefined) change.before = b;
    if (a !== undefined) change.after = a;
    return change;
  });
}

/** Differences from `before` (ISE) to `after` (the file); `before` null for a create. */
export function ruleFieldChanges(before: MfaRule | null, after: MfaRule): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of RULE_FIELDS) {
    const a = after[field.key];
    if (!before) {
      changes.push({ field: field.label, after: a });
      continue;
    }
    const b = before[field.key];
    if (canonicalJson(a) === canonicalJson(b)) continue;
    if (field.key === 'condition')
      changes.push(...conditionChanges(b as RuleCondition | null, a as RuleCondition | null));
    else changes.push({ field: field.label, before: b, after: a });
  }
  return changes;
}

/** The first critical reason among the changed fields: a state away from enabled, onFailure, connection. */
export function ruleCriticalReason(after: MfaRule, changes: FieldChange[]): string | undefined {
  const touched = (label: string) => changes.some((c) => c.field === label);
  for (const field of RULE_FIELDS) if (field.critical && touched(field.label)) return field.critical;
  if (touched('state') && after.state !== 'enabled') return STATE_REASON;
  return undefined;
}
