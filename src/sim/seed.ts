/**
 * Loads and checks the seed: the AD join points and groups ISE "has", keys Duo "rejects", and optional
 * pre-existing objects. A bad seed stops the simulator with the file and the reason, because a simulator
 * quietly running on half a seed would make every later test failure misleading.
 * (The pre-existing objects are checked by `object-loader.ts` with the same rules as the API.)
 */

import { parse } from 'yaml';
import { UsageError } from '../errors';
import { readTextFile } from '../files/read-text-file';
import { POLICY_SERVICES, type PolicyService } from '../model/state';
import type { RawServicePolicy } from './policy-loader';
import { leadingPath, seedPosition } from './seed-position';
import type { SeedActiveDirectory, SeedAdGroup, SimSeed } from './types';
import { isObject, type Obj } from './validate';

const TOP_LEVEL_KEYS = [
  'activeDirectories',
  'mfaEnabled',
  'ersEnabled',
  'namesIgnoreCase',
  'rewritesConditionBlocks',
  'rulesAnswerConnectionHost',
  'rewritesMacOperators',
  'unknownDeleteStatus',
  'rejectedKeys',
  'failingSyncs',
  'duoConnections',
  'identitySyncs',
  'policySets',
  'libraryConditions',
  'defaultMfaRule',
];

export interface LoadedSeed {
  seed: SimSeed;
  /** The file path, or "seed object" when the caller passed the seed itself; used in error messages. */
  origin: string;
  /** The file's text (not for a seed object), to place errors at a line and column. */
  text?: string;
}

/** `file:line:col` for a path in the seed file (just the origin when it cannot be placed). */
function placed(loaded: Omit<LoadedSeed, 'seed'>, path: string): string {
  const position = loaded.text === undefined ? undefined : seedPosition(loaded.text, path);
  return position ? `${loaded.origin}:${position}` : loaded.origin;
}

class SeedProblem extends Error {}

function text(obj: Obj, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SeedProblem(`${where}.${key} must be a non-empty string`);
  }
  return value;
}

function unique(values: string[], where: string, fold = (s: string) => s): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(fold(v))) throw new SeedProblem(`${where}: duplicate ${JSON.stringify(v)}`);
    seen.add(fold(v));
  }
}

function checkGroups(value: unknown, where: string): SeedAdGroup[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SeedProblem(`${where} must be a list`);
  const groups = value.map((item, i) => {
    if (!isObject(item)) throw new SeedProblem(`${where}[${i}] must be a mapping with name and sid`);
    return { name: text(item, 'name', `${where}[${i}]`), sid: text(item, 'sid', `${where}[${i}]`) };
  });
  unique(
    groups.map((g) => g.name),
    `${where} names`,
  );
  return groups;
}

function checkDirectories(value: unknown): SeedActiveDirectory[] {
  if (!Array.isArray(value)) throw new SeedProblem('activeDirectories must be a list of join points');
  const dirs = value.map((item, i) => {
    const where = `activeDirectories[${i}]`;
    if (!isObject(item)) throw new SeedProblem(`${where} must be a mapping`);
    const dir: SeedActiveDirectory = {
      name: text(item, 'name', where),
      directoryID: text(item, 'directoryID', where),
      domain: text(item, 'domain', where),
      groups: checkGroups(item.groups, `${where}.groups`),
    };
    if (item.description !== undefined) {
      if (typeof item.description !== 'string')
        throw new SeedProblem(`${where}.description must be a string`);
      dir.description = item.description;
    }
    return dir;
  });
  unique(
    dirs.map((d) => d.name),
    'activeDirectories names',
  );
  unique(
    dirs.map((d) => d.directoryID),
    'activeDirectories directoryIDs',
  );
  return dirs;
}

function checkSeed(raw: unknown): SimSeed {
  if (!isObject(raw)) throw new SeedProblem('the seed must be a mapping (activeDirectories, mfaEnabled, …)');
  const unknown = Object.keys(raw).filter((k) => !TOP_LEVEL_KEYS.includes(k));
  if (unknown.length) throw new SeedProblem(`unknown key(s) ${unknown.join(', ')}; known: ${TOP_LEVEL_KEYS}`);
  const seed: SimSeed = { activeDirectories: checkDirectories(raw.activeDirectories ?? []) };
  if (raw.mfaEnabled !== undefined) {
    if (typeof raw.mfaEnabled !== 'boolean') throw new SeedProblem('mfaEnabled must be true or false');
    seed.mfaEnabled = raw.mfaEnabled;
  }
  for (const key of [
    'ersEnabled',
    'namesIgnoreCase',
    'rewritesConditionBlocks',
    'rulesAnswerConnectionHost',
    'rewritesMacOperators',
  ] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'boolean') {
      throw new SeedProblem(`${key} must be true or false, not ${JSON.stringify(raw[key])}`);
    }
    seed[key] = raw[key];
  }
  if (raw.unknownDeleteStatus !== undefined) {
    if (raw.unknownDeleteStatus !== 404 && raw.unknownDeleteStatus !== 500) {
      throw new SeedProblem(
        `unknownDeleteStatus must be 404 or 500, not ${JSON.stringify(raw.unknownDeleteStatus)}`,
      );
    }
    seed.unknownDeleteStatus = raw.unknownDeleteStatus;
  }
  for (const key of ['rejectedKeys', 'failingSyncs'] as const) {
    const list = raw[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((k) => typeof k !== 'string')) {
      throw new SeedProblem(`${key} must be a list of strings`);
    }
    seed[key] = list as string[];
  }
  for (const key of ['duoConnections', 'identitySyncs'] as const) {
    const list = raw[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new SeedProblem(`${key} must be a list`);
    seed[key] = list as never;
  }
  checkPolicyKeys(raw, seed);
  return seed;
}

/** `policySets` / `libraryConditions`: one list per service; the lists' items are the loader's to check. */
function checkPolicyKeys(raw: Obj, seed: SimSeed): void {
  if (raw.defaultMfaRule !== undefined) {
    if (typeof raw.defaultMfaRule !== 'boolean')
      throw new SeedProblem('defaultMfaRule must be true or false');
    seed.defaultMfaRule = raw.defaultMfaRule;
  }
  for (const key of ['policySets', 'libraryConditions'] as const) {
    const byService = raw[key];
    if (byService === undefined || byService === null) continue;
    if (!isObject(byService))
      throw new SeedProblem(`${key} must be a mapping: ${POLICY_SERVICES.join(', ')}`);
    const unknown = Object.keys(byService).filter((k) => !(POLICY_SERVICES as readonly string[]).includes(k));
    if (unknown.length) {
      throw new SeedProblem(
        `${key}: unknown service(s) ${unknown.join(', ')}; known: ${POLICY_SERVICES.join(', ')}`,
      );
    }
    seed[key] = byService as never;
  }
}

/** The seed's policy lists, per service, for the loader. */
export function seedPolicy(seed: SimSeed): {
  defaultMfaRule: boolean;
  policy: Record<PolicyService, RawServicePolicy>;
} {
  const policy = {} as Record<PolicyService, RawServicePolicy>;
  for (const service of POLICY_SERVICES) {
    policy[service] = {
      policySets: seed.policySets?.[service],
      libraryConditions: seed.libraryConditions?.[service],
    };
  }
  return { defaultMfaRule: seed.defaultMfaRule ?? false, policy };
}

/** A seed names join points and groups: kilobytes. Bounded, regular files only (see read-text-file.ts). */
function readSeedText(path: string): string {
  const read = readTextFile(path, 16 * 1024 * 1024);
  if (!read.ok) throw new Error(`cannot be read (${read.message})`);
  return read.text;
}

/** Reads (if a path) and checks a seed. Throws a UsageError naming the file and the problem. */
export function loadSeed(source: string | SimSeed): LoadedSeed {
  const origin = typeof source === 'string' ? source : 'seed object';
  let text: string | undefined;
  try {
    text = typeof source === 'string' ? readSeedText(source) : undefined;
    const raw = text === undefined ? source : parse(text);
    return { seed: checkSeed(raw), origin, text };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const where = err instanceof SeedProblem ? placed({ origin, text }, leadingPath(reason)) : origin;
    throw new UsageError(`Simulator seed ${where}: ${reason}`, 'See seeds/default.yaml for the format.');
  }
}

/**
 * The UsageError for a pre-existing object in the seed that breaks an API rule, placed at the field the
 * reason names inside the object (`rule.condition.children[1].id, must not be null`) when it can be.
 */
export function seedObjectError(loaded: LoadedSeed, where: string, reason: string): UsageError {
  const inner = leadingPath(reason);
  const at = placed(loaded, inner ? `${where}.${inner}` : where);
  return new UsageError(`Simulator seed ${at}: ${where}: ${reason}`, 'See seeds/default.yaml.');
}
