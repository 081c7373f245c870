/**
 * `--shard K/N`: the K-th of N disjoint parts of a fleet, for spreading one fleet over N CI jobs. A file's
 * part comes from a hash of its path relative to the folder it was found in (its name, for a folder's
 * files; its path from the working folder, for a file named directly), not from its position: adding or removing a file moves no other file to another shard, so each
 * job keeps the same targets from run to run, and the N parts together are every target exactly once.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors';

export interface Shard {
  /** 1-based: the K of K/N. */
  index: number;
  count: number;
}

const MAX_SHARDS = 1000;

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(
      `--shard ${JSON.stringify(text)} is not K/N with 1 <= K <= N <= ${MAX_SHARDS}`,
      'e.g. --shard 2/4 runs the second of four parts; give each CI job its own K',
    );
  }
  return { index, count };
}

/** A file's key: its relative path as the same on every system, `./` and `\\` spellings included. */
const shardKey = (relativePath: string) => relativePath.replace(/\\/g, '/').replace(/^(\.\/)+/, '');

/** Which shard (1-based) of `count` the file with this folder-relative path belongs to. */
export function shardOf(relativePath: string, count: number): number {
  const key = shardKey(relativePath);
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/**
 * Which fleet a shard was cut from: 16 hex digits of a hash of every target's key (all N parts'), sorted.
 * Two jobs that list the fleet differently (another commit, a file added between them, a folder in one job
 * and a file list in the other) cut their shards from different fleets, and their parts do not add up to
 * one, even when the counts happen to.
 */
export function fleetDigest(relativePaths: readonly string[]): string {
  const keys = relativePaths.map(shardKey).sort();
  return createHash('sha256').update(keys.join('\n'), 'utf8').digest('hex').slice(0, 16);
}

/** The files of `shard`, in their original order. */
export function selectShard<T extends { relative: string }>(files: T[], shard: Shard): T[] {
  return files.filter((f) => shardOf(f.relative, shard.count) === shard.index);
}
