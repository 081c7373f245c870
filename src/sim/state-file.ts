/**
 * The `--state` file: the simulated ISE's database on disk, so a simulator restarted between `apply` and
 * `plan` still has what was applied. Written atomically (temp file in the same folder, fsync, rename) after
 * every change, so a crash leaves the old or the new state, never half of one. A file that cannot be read back
 * stops the simulator with the file and the reason: silently starting from the seed would hide lost data.
 * The file holds Duo secret keys in the clear (it is ISE's own data), so it is created owner-only.
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../errors';
import { writeFileAtomic } from '../files/atomic-write';
import { readTextFile } from '../files/read-text-file';
import { POLICY_SERVICES, type PolicyService } from '../model/state';
import type { Directory } from './directory';
import { buildSnapshot } from './object-loader';
import type { RawServicePolicy } from './policy-loader';
import { seedPolicy } from './seed';
import type { SimSeed, SimSnapshot } from './types';
import { isObject } from './validate';

const FORMAT = 'ise-duo-sim-state';
const VERSION = 1;

function stateError(path: string, reason: string): UsageError {
  return new UsageError(
    `Simulator state file ${path}: ${reason}`,
    'Fix the file, or delete it to start again from the seed.',
  );
}

function parseStateText(path: string, text: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw stateError(path, `not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(raw)) throw stateError(path, 'expected a JSON object');
  if (raw.format !== FORMAT || raw.version !== VERSION) {
    throw stateError(
      path,
      `not an ise-duo simulator state file (expected format "${FORMAT}", version ${VERSION})`,
    );
  }
  if (typeof raw.mfaEnabled !== 'boolean') throw stateError(path, 'mfaEnabled must be true or false');
  for (const key of ['connections', 'syncs']) {
    if (!Array.isArray(raw[key])) throw stateError(path, `${key} must be an array`);
  }
  return raw;
}

/**
 * The policy part. A file written before the simulator served policy has none: the seed's policy data
 * stands in, so upgrading keeps the file's connections and syncs.
 */
function policyOf(path: string, raw: Record<string, unknown>, seed: SimSeed) {
  if (raw.policy === undefined) return seedPolicy(seed);
  if (typeof raw.defaultMfaRule !== 'boolean') throw stateError(path, 'defaultMfaRule must be true or false');
  if (!isObject(raw.policy))
    throw stateError(path, `policy must be an object (${POLICY_SERVICES.join(', ')})`);
  const policy = {} as Record<PolicyService, RawServicePolicy>;
  for (const service of POLICY_SERVICES) {
    const part = raw.policy[service];
    if (!isObject(part)) throw stateError(path, `policy.${service} must be an object`);
    policy[service] = { policySets: part.policySets, libraryConditions: part.libraryConditions };
  }
  return { defaultMfaRule: raw.defaultMfaRule, policy };
}

/** The simulator's whole state: thousands of objects are a few MiB. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

/** The state stored at `path`, or undefined when there is no file yet. */
export function readStateFile(path: string, directory: Directory, seed: SimSeed): SimSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  // Bounded, regular files only: /dev/zero given as --state must be refused, not read forever.
  const read = readTextFile(path, MAX_STATE_BYTES);
  if (!read.ok) throw stateError(path, `cannot be read (${read.message})`);
  const text = read.text;
  const raw = parseStateText(path, text);
  return buildSnapshot(
    directory,
    {
      mfaEnabled: raw.mfaEnabled as boolean,
      connections: raw.connections as [],
      syncs: raw.syncs as [],
      ...policyOf(path, raw, seed),
    },
    { connections: 'connections', syncs: 'syncs', policy: (service, list) => `policy.${service}.${list}` },
    (where, reason) => stateError(path, `${where}: ${reason}`),
  );
}

/** Writes the whole state atomically (see src/files/atomic-write.ts), readable by its owner only. */
export function writeStateFile(path: string, snapshot: SimSnapshot): void {
  writeFileAtomic(
    path,
    `${JSON.stringify({ format: FORMAT, version: VERSION, ...snapshot }, null, 2)}\n`,
    0o600,
  );
}
