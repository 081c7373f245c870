/**
 * The field diff of an MFA rule. A condition is a tree, so a changed one is reported at the paths that
 * changed, written as in the file (`condition.and[1].value`), with deep-diff; a tree that changed shape
 * (another kind of node at a path) is reported whole at that path. The other fields are scalars.
 *
 * Conditions that mean the same are no change, whatever the order of an and/or's children on ISE (the
 * condition field's `equals`, `sameCondition` in src/model/rule-condition.ts). When they differ, ISE's children are first put in the
 * file's order where they match one of the file's, so that only what really differs is reported.
 */
import { type Diff, diff } from 'deep-diff';
import type { FieldChange } from '../model/plan';
import { blockMembers, conditionKey } from '../model/rule-condition';
import type { MfaRule, RuleCondition } from '../model/state';
import { RULE_FIELDS, STATE_REASON } from './mfa-rule';
import { fieldEquals } from './resource-spec';

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

type BlockOp = 'and' | 'or';
const blockOp = (c: RuleCondition): BlockOp | undefined =>
  'and' in c ? 'and' : 'or' in c ? 'or' : undefined;
const childrenOf = (c: RuleCondition, op: BlockOp) => (c as Record<BlockOp, RuleCondition[]>)[op];

/**
 * `have` (ISE's) in the shape of `want` (the file's), where the two are blocks of one kind: ISE's members
 * (nested blocks of that kind opened up, as ISE may store them) first take the places of the file's members
 * that mean the same, in the file's order and nesting; the others fill the remaining places in ISE's order,
 * each aligned in turn with the file's member there, and what is left over goes last. The result means what
 * ISE's condition means, so a diff against the file shows only what really differs, at the file's paths.
 */
function alignedTo(have: RuleCondition, want: RuleCondition): RuleCondition {
  if ('not' in have && 'not' in want) return { not: alignedTo(have.not, want.not) };
  const op = blockOp(have);
  if (!op || op !== blockOp(want)) return have;
  const pool = blockMembers(have, op).map((c) => ({ c, key: conditionKey(c) }));
  // Pass 1: the file's members, depth first through its nested blocks of this kind, each take an equal one.
  const taken: (RuleCondition | undefined)[] = [];
  const match = (w: RuleCondition) => {
    for (const c of childrenOf(w, op)) {
      if (blockOp(c) === op) match(c);
      else {
        const i = pool.findIndex((p) => p.key === conditionKey(c));
        taken.push(i < 0 ? undefined : pool.splice(i, 1)[0]?.c);
      }
    }
  };
  match(want);
  // Pass 2: the same walk builds the file's shape, filling the places left with what is left, in order.
  let at = 0;
  const shape = (w: RuleCondition): RuleCondition => {
    const children = childrenOf(w, op).flatMap((c): RuleCondition[] => {
      if (blockOp(c) === op) return [shape(c)];
      const found = taken[at++];
      if (found) return [found];
      const next = pool.shift();
      return next ? [alignedTo(next.c, c)] : [];
    });
    return { [op]: children } as RuleCondition;
  };
  const aligned = shape(want);
  childrenOf(aligned, op).push(...pool.map((p) => p.c));
  return aligned;
}

function conditionChanges(have: RuleCondition | null, after: RuleCondition | null): FieldChange[] {
  if (have === null || after === null) return [{ field: 'condition', before: have, after }];
  const before = alignedTo(have, after);
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
    if (fieldEquals(field, b, a)) continue;
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
