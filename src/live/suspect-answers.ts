/**
 * Answers from ISE that cannot both be true, caught while the live state is read: a list naming one object
 * twice (or two names that differ only in case), and a get-by-name answering with an object of another
 * name (another case of it). Either means ISE's view of names is not the one the planner relies on, so the
 * plan says so in a note, and the planner never deletes (prunes) objects of that kind on such evidence.
 *
 * The reader's client is wrapped rather than each kind's reader changed: every list and get-by-name of every
 * kind that declares them (`byName` in its spec) passes here, so a kind added later is watched too.
 */
import type { IseClient } from '../client/types';
import type { ReadWarning } from '../model/state';
import { REGISTRY } from '../resources/registry';

/** The kind each list or get-by-name reads (every kind's `byName`), for the warnings; others are not watched. */
const KINDS: ReadonlyMap<string, string> = new Map(
  REGISTRY.flatMap((spec) =>
    spec.byName
      ? [
          [spec.byName.list, spec.kind],
          [spec.byName.get, spec.kind],
        ]
      : [],
  ),
);

/** The name an object carries, in any of the wire shapes (summaries, connections, syncs). */
function nameOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  const name = o.name ?? o.connectionName ?? o.syncName;
  return typeof name === 'string' ? name.trim() : undefined;
}

function duplicates(kind: string, list: unknown[]): ReadWarning[] {
  const seen = new Map<string, string>();
  const warnings: ReadWarning[] = [];
  for (const item of list) {
    const name = nameOf(item);
    if (name === undefined) continue;
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, name);
    else {
      const what = first === name ? `"${name}" twice` : `"${first}" and "${name}", which differ only in case`;
      warnings.push({ kind, message: `ISE listed ${kind} ${what}` });
    }
  }
  return warnings;
}

/** A client that records suspect answers into `warnings` as it reads; it changes no answer. */
export function watchedClient(client: IseClient, warnings: ReadWarning[]): IseClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver);
      const kind = typeof property === 'string' ? KINDS.get(property) : undefined;
      if (kind === undefined || typeof original !== 'function') return original;
      return async (...args: unknown[]) => {
        const answer = await (original as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (Array.isArray(answer)) warnings.push(...duplicates(kind, answer));
        else {
          const asked = typeof args[0] === 'string' ? args[0] : undefined;
          const got = nameOf(answer);
          if (asked !== undefined && got !== undefined && got !== asked.trim()) {
            warnings.push({ kind, message: `ISE answered a read of ${kind} "${asked}" with "${got}"` });
          }
        }
        return answer;
      };
    },
  });
}
