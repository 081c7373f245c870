/**
 * Where each managed rule of one MFA table must go, and the fewest writes that get it there.
 *
 * The rule (docs/design.md, "MFA rules: order"): the rules the file names take the file's order among
 * themselves; every other rule stays where it is, and a Default rule is never moved. ISE's ranks are dense
 * and a write at rank k shifts the others, so the rules that keep their place are a longest increasing
 * subsequence (by file position) of the managed rules as ISE lists them; each other managed rule costs one
 * PUT, which is the least the dense-rank rule allows (a PUT moves one rule). A rule that moves goes directly
 * below the managed rule before it in the file; rules before the first one that stays go directly above it;
 * with none on ISE yet, the file's rules go to the top of the table.
 *
 * The writes are simulated in the order they will run, so each carries the rank it must send at that moment
 * (its current rank when it does not move).
 */
import type { LiveMfaRule, MfaRule } from '../model/state';

export type RuleOp =
  | { op: 'create'; want: MfaRule; rank: number }
  | { op: 'put'; want: MfaRule; have: LiveMfaRule; rank: number; moved: boolean };

/** Indexes (into `values`) of one longest strictly increasing subsequence; the leftmost one on ties. */
export function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = []; // tails[k]: index of the smallest tail of an increasing run of length k+1
  const prev: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.push(i);
  return out.reverse();
}

/**
 * The writes that give `live` (sorted by rank) the file's order of `desired`, in the order they must run.
 * `changed` says whether a live rule's content differs from the file's (then it is written even in place).
 */
export function planRuleOrder(
  live: readonly LiveMfaRule[],
  desired: readonly MfaRule[],
  changed: (want: MfaRule, have: LiveMfaRule) => boolean,
): RuleOp[] {
  const fileIndex = new Map(desired.map((r, i) => [r.name, i]));
  const managed = live.filter((r) => !r.default && fileIndex.has(r.name));
  const byName = new Map(managed.map((r) => [r.name, r]));
  const stays = new Set(
    longestIncreasing(managed.map((r) => fileIndex.get(r.name)!)).map((i) => managed[i].name),
  );
  // The table as it will be after each write: live rules by id, new ones by name.
  const table = live.map((r) => `id:${r.id}`);
  const firstStaying = managed.find((r) => stays.has(r.name));
  let cursor = firstStaying ? table.indexOf(`id:${firstStaying.id}`) : 0;
  const ops: RuleOp[] = [];
  for (const want of desired) {
    const have = byName.get(want.name);
    if (!have) {
      table.splice(cursor, 0, `new:${want.name}`);
      ops.push({ op: 'create', want, rank: cursor });
      cursor += 1;
      continue;
    }
    const at = table.indexOf(`id:${have.id}`);
    if (stays.has(want.name)) {
      if (changed(want, have)) ops.push({ op: 'put', want, have, rank: at, moved: false });
      cursor = at + 1;
      continue;
    }
    table.splice(at, 1);
    if (at < cursor) cursor -= 1;
    table.splice(cursor, 0, `id:${have.id}`);
    ops.push({ op: 'put', want, have, rank: cursor, moved: true });
    cursor += 1;
  }
  return ops;
}
