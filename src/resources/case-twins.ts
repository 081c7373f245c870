/**
 * Names the file gives that ISE does not list but lists in another case ("Corp-AD" beside "corp-ad").
 * Whether ISE matches sync and connection names regardless of case is not documented, so the reader asks
 * ISE itself, in the detail round and beside the details (no round trip more). A GET of the file's spelling
 * that ISE answers means it matches them: the create would be refused, so the plan stops before any write
 * (`src/pipeline/case-twin-check.ts`). A 403 or 404 means it keeps them apart: the create adds a second
 * object, as the plan's note says. Any other answer leaves the question open. One GET per such name, and
 * none when there is none.
 */
import { ApiError } from '../errors';
import type { CaseTwin } from '../model/state';

/** Each name of `wanted` that `listed` lacks but holds in another case, with ISE's spelling. */
export function caseTwinsOf(
  wanted: readonly string[] | 'all',
  listed: readonly string[],
): Array<{ name: string; twin: string }> {
  if (wanted === 'all') return []; // export reads everything listed: nothing is wanted under another name
  const exact = new Set(listed);
  const folded = new Map(listed.map((n) => [n.toLowerCase(), n]));
  return wanted.flatMap((name) => {
    const twin = exact.has(name) ? undefined : folded.get(name.toLowerCase());
    return twin === undefined ? [] : [{ name, twin }];
  });
}

/** ISE's "not found" answers to a GET by name (403 is documented as "not found" too). */
function notFound(err: unknown): boolean {
  const status = err instanceof ApiError ? err.details.status : undefined;
  return status === 403 || status === 404;
}

/**
 * ISE's answer for each case twin; `get` is the kind's GET by name. The question is one the plan can do
 * without: any other failure (a 400 or 5xx, which ISE declares on every operation, or a dropped
 * connection) leaves it unanswered, and the plan's note says what each answer would mean, as before.
 */
export function probeCaseTwins(
  kind: CaseTwin['kind'],
  wanted: readonly string[] | 'all',
  listed: readonly string[],
  get: (name: string) => Promise<unknown>,
): Promise<CaseTwin[]> {
  return Promise.all(
    caseTwinsOf(wanted, listed).map(async ({ name, twin }): Promise<CaseTwin> => {
      try {
        await get(name);
        return { kind, name, twin, iseMatches: true };
      } catch (err) {
        return notFound(err) ? { kind, name, twin, iseMatches: false } : { kind, name, twin };
      }
    }),
  );
}

/** The names a list view carries (entries without one are left out, as the reader leaves them out). */
export function listedNames(listed: ReadonlyArray<{ name?: string }>): string[] {
  return listed.flatMap((o) => (o.name ? [o.name] : []));
}
