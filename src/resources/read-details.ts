/**
 * The detail round of a kind keyed by name (identity syncs, Duo connections): a GET by name of each listed
 * object the scope takes, and beside them, in the same round, ISE's answer for each of the file's names it
 * lists only in another case (`case-twins.ts`), recorded in the live state. Returns the kind's live objects:
 * the detailed ones, then the other listed ones as their summaries show them.
 */
import type { CaseTwin, LiveState } from '../model/state';
import { listedNames, probeCaseTwins } from './case-twins';
import { inScope } from './resource-spec';

export async function readDetails<S extends { name?: string }, W, T extends { name: string }>(read: {
  kind: CaseTwin['kind'];
  /** The scope's names (the file's), or 'all'. */
  wanted: string[] | 'all';
  /** The kind's list view, as ISE answered it. */
  listed: readonly S[];
  get: (name: string) => Promise<W>;
  /** The object of a detail read by `name` (a body without its name is that name's). */
  fromWire: (wire: W, name: string) => T;
  fromSummary: (summary: S) => T;
  state: LiveState;
}): Promise<T[]> {
  const names = listedNames(read.listed);
  const [detailed, twins] = await Promise.all([
    Promise.all(
      names.filter((n) => inScope(read.wanted, n)).map(async (n) => read.fromWire(await read.get(n), n)),
    ),
    probeCaseTwins(read.kind, read.wanted, names, read.get),
  ]);
  if (twins.length > 0) read.state.caseTwins = [...(read.state.caseTwins ?? []), ...twins];
  const done = new Set(detailed.map((o) => o.name));
  return [...detailed, ...read.listed.filter((o) => o.name && !done.has(o.name)).map(read.fromSummary)];
}
