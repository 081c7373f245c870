/**
 * The field diff of an MFA rule. A condition is a tree, so a changed one is reported at the paths that
 * changed, written as in the file (`condition.and[1].value`), with deep-diff; a tree that changed shape
 * (another kind of node at a path) is reported whole at that path. The other fields are scalars.
 */
import { type Diff, diff } from 'deep-diff';
import { canonicalJson, type FieldChange } from '../model/plan';
import type { MfaRule, RuleCondition } from '../model/state';
import { RULE_FIELDS } from './mfa-rule';

function pathText(base: string, path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${p}`), base);
}

function conditionChanges(before: RuleCondition | null, after: RuleCondition | null): FieldChange[] {
  if (before === null || after === null) return [{ field: 'condition', before, after }];
  const found: Diff<RuleCondition, RuleCondition>[] = diff(before, after) ?? [];
  return found.map((d) => {
    if (d.kind === 'A') {
      const path = pathText('condition', [...(d.path ?? []), d.index]);
      const change: FieldChange = { field: path };
      if (d.item.kind === 'D' || d.item.kind === 'E') change.before = d.item.lhs;
      if (d.item.kind === 'N' || d.item.kind === 'E') change.after = d.item.rhs;
      return change;
    }
    const change: FieldChange = { field: pathText('condition', d.path ?? []) };
    if (d.kind === 'E' || d.kind === 'D') change.before = d.lhs;
    if (d.kind === 'E' || d.kind === 'N') change.after = d.rhs;
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
export function ruleCriticalReason(
  before: MfaRule,
  after: MfaRule,
  changes: FieldChange[],
): string | undefined {
  const touched = (label: string) => changes.some((c) => c.field === label);
  for (const field of RULE_FIELDS) if (field.critical && touched(field.label)) return field.critical;
  if (touched('state') && before.state === 'enabled' && after.state !== 'enabled') {
    return 'a rule that is not enabled stops asking for Duo where it matched';
  }
  return undefined;
}
