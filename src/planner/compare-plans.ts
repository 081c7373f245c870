/**
 * Saved plan against fresh plan: `apply --plan` sends only what a plan computed now, from the file, the
 * environment and ISE, would send, and only if that is what the saved plan shows. A checksum cannot promise
 * this (anyone who can edit the file can re-hash it); recomputing can. The comparison is structural over
 * every key of every change (bodies, targets, critical flags, field diffs), so a new kind or field is covered
 * without touching this file, and it names the first difference by its path so a refusal is explainable.
 */
import { canonicalJson, type Plan } from '../model/plan';

export interface PlanDifference {
  /** Where, for a human: `change 2 of 3 (update duo-connection "corp-duo")`. */
  where: string;
  /** The JSON path inside it: `body.mfa.accountConfigurations.apiHostName`. */
  path: string;
  saved: unknown;
  fresh: unknown;
}

/** Keys compared first, so the difference named is the one a reviewer cares about most. */
const FIRST_KEYS = ['kind', 'action', 'name', 'critical', 'body', 'after', 'fields'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function orderedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const all = new Set([...Object.keys(a), ...Object.keys(b)]);
  const first = FIRST_KEYS.filter((k) => all.has(k));
  return [...first, ...[...all].filter((k) => !FIRST_KEYS.includes(k)).sort()];
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** The first path at which two JSON values differ, or undefined when they are equal. */
export function firstDifference(
  saved: unknown,
  fresh: unknown,
  path = '',
): { path: string; saved: unknown; fresh: unknown } | undefined {
  if (canonicalJson(saved) === canonicalJson(fresh)) return undefined;
  if (Array.isArray(saved) && Array.isArray(fresh)) {
    for (let i = 0; i < Math.max(saved.length, fresh.length); i++) {
      const d = firstDifference(saved[i], fresh[i], join(path, i));
      if (d) return d;
    }
  }
  if (isObject(saved) && isObject(fresh)) {
    for (const key of orderedKeys(saved, fresh)) {
      const d = firstDifference(saved[key], fresh[key], join(path, key));
      if (d) return d;
    }
  }
  return { path: path || '(the whole value)', saved, fresh };
}

const title = (c: { action?: unknown; kind?: unknown; name?: unknown } | undefined) =>
  c ? `${String(c.action)} ${String(c.kind)} "${String(c.name)}"` : 'none';

/**
 * The first way in which the saved plan would send or run something other than the fresh plan: its changes
 * (every field, in order) and its pending actions (sync runs). Notes and the unmanaged list only inform.
 */
export function savedPlanDifference(saved: Plan, fresh: Plan): PlanDifference | undefined {
  const count = Math.max(saved.changes.length, fresh.changes.length);
  for (let i = 0; i < count; i++) {
    const a = saved.changes[i];
    const b = fresh.changes[i];
    const d = firstDifference(a, b);
    if (!d) continue;
    const where =
      a && b
        ? `change ${i + 1} of ${saved.changes.length} (${title(a)})`
        : a
          ? `change ${i + 1} of ${saved.changes.length} (${title(a)}), which a fresh plan does not have`
          : `change ${i + 1} of a fresh plan (${title(b)}), which the saved plan does not have`;
    return { where, ...(a && b ? d : { path: '(the whole change)', saved: a, fresh: b }) };
  }
  const actions = firstDifference(saved.actions, fresh.actions, 'actions');
  if (actions) return { where: 'the pending actions (sync runs after the apply)', ...actions };
  return undefined;
}

function show(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function describeDifference(d: PlanDifference): string {
  return `${d.where}: ${d.path} is ${show(d.saved)} in the saved plan, ${show(d.fresh)} in a fresh plan`;
}
