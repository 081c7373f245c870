/**
 * The simulator's public types and documented defaults. The CLI (`ise-duo sim --help`), the embedded demo and
 * the tests all read the defaults from here, so there is one place that says what "default" means.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { WireCondition, WirePolicySet, WireRuleMfa } from '../client/wire-policy';
import type { WireIdentitySync, WireMfaConnection } from '../client/wire-types';
import type { PolicyService } from '../model/state';

/** `ise-duo sim` listens here unless told otherwise. `startSimulator` defaults to port 0 (ephemeral) instead. */
export const DEFAULT_SIM_PORT = 9443;
export const DEFAULT_SIM_HOST = '127.0.0.1';
export const DEFAULT_SIM_USERNAME = 'admin';
/** Used when neither `--password` nor `ISE_SIM_PASSWORD` is given. Public on purpose: it guards nothing real. */
export const DEFAULT_SIM_PASSWORD = 'demo-password';
export const SIM_PASSWORD_ENV = 'ISE_SIM_PASSWORD';
export const DEFAULT_SYNC_DELAY_MS = 2000;
/** The shipped seed, resolved from both `src/sim` (ts-jest) and `dist/sim` (built) to the package root. */
export const DEFAULT_SEED_FILE = resolve(__dirname, '../../seeds/default.yaml');
export const SECRETS_MODES = ['masked', 'clear', 'omitted'] as const;
export type SecretsMode = (typeof SECRETS_MODES)[number];
export const DEFAULT_SECRETS_MODE: SecretsMode = 'masked';
/** What GET returns for an `sKey` in `masked` mode. */
export const MASKED_SECRET = '******';

/** An AD group the seed says was added to a join point (what `adgroups/{ad}` lists). */
export interface SeedAdGroup {
  name: string;
  sid: string;
}

/**
 * An AD join point ISE has joined (what `activedirectories` lists), with its groups. ERS
 * (`/ers/config/activedirectory`) shows it too, with the `directoryID` as its id.
 */
export interface SeedActiveDirectory {
  name: string;
  directoryID: string;
  domain: string;
  groups: SeedAdGroup[];
  /** Only ERS shows it; `""` when the seed gives none. */
  description?: string;
}

/** The seed: the world around ISE that the API cannot change, plus optional pre-existing objects. */
export interface SimSeed {
  activeDirectories: SeedActiveDirectory[];
  mfaEnabled?: boolean;
  /**
   * Whether ISE's ERS API answers (`/ers/config/activedirectory`). Default true here (a real ISE ships with
   * ERS off); when false every `/ers` request answers 403. Not behind the MFA switch, and the API cannot
   * change it.
   */
  ersEnabled?: boolean;
  /**
   * Whether sync and connection names are matched regardless of case (GET, PUT and DELETE by name, the
   * "already exists" check, a connection's sync reference). ISE's rule is undocumented; default false, the
   * reading the reference notes take. A seed sets it to play the other answer.
   */
  namesIgnoreCase?: boolean;
  /** Any ikey or sKey value listed here fails `testconnection`. */
  rejectedKeys?: string[];
  /** Identity syncs whose runs end in `Failed` instead of `Success` (Duo or AD refusing the push). */
  failingSyncs?: string[];
  /** Pre-existing connections, in wire shape (`MfaInfoMfa`). */
  duoConnections?: WireMfaConnection[];
  /** Pre-existing identity syncs, in wire shape. */
  identitySyncs?: WireIdentitySync[];
  /** Policy sets per service, in rank order (wire shape, plus pre-existing `mfaRules`); Default is added. */
  policySets?: Partial<Record<PolicyService, SeedPolicySet[]>>;
  /** Library conditions per service (wire shape: the `Library*` types and `TimeAndDateCondition`). */
  libraryConditions?: Partial<Record<PolicyService, WireCondition[]>>;
  /** When true, every MFA table holds an undeletable, unmovable `Default` rule at its last rank. */
  defaultMfaRule?: boolean;
  /**
   * Whether ISE stores a rule's and/or blocks rewritten: nested blocks of the same kind flattened, children
   * sorted (see `condition-rewrite.ts`). ISE's behaviour is undocumented; default false, children kept as
   * sent. A seed sets it to play the other answer.
   */
  rewritesConditionBlocks?: boolean;
  /**
   * Whether a rule's GET answers its `mfaConnectionName` with the connection's Duo API host name (Cisco's
   * example shows one there) rather than the name it was written with. Undocumented; default false.
   */
  rulesAnswerConnectionHost?: boolean;
  /**
   * Whether ISE stores an operator on a MAC attribute in its `mac*` form (`equals` as `macEquals`), as it does
   * with `ip*` ones on IP attributes. Undocumented (open question 9); default false, operators kept as sent.
   */
  rewritesMacOperators?: boolean;
  /**
   * What a DELETE of an unknown sync or connection answers. Cisco's spec declares no 404 for those DELETEs
   * (only 400, 401, 403 and 500), so what ISE sends is open: 404 (default, as its GET and PUT do) or 500, the
   * declared error.
   */
  unknownDeleteStatus?: 404 | 500;
}

/** A policy set as the seed (or the state file) lists it: ISE's fields and the rules already in it. */
export interface SeedPolicySet extends WirePolicySet {
  mfaRules?: WireRuleMfa[];
}

/** One service's policy data: its policy sets (rank order, each with its MFA rules) and library conditions. */
export interface PolicyServiceSnapshot {
  policySets: Array<WirePolicySet & { mfaRules: WireRuleMfa[] }>;
  libraryConditions: WireCondition[];
}

export interface SimulatorOptions {
  /** 0 (the default here) picks an ephemeral port. */
  port?: number;
  /** A loopback address only; default 127.0.0.1. */
  host?: string;
  username?: string;
  password?: string;
  /** JSON state file, loaded at start if it exists and rewritten atomically after every change. */
  statePath?: string;
  /** A seed file path, or the seed itself. Default: `seeds/default.yaml`. */
  seed?: string | SimSeed;
  /** Initial feature switch; when omitted the seed decides (and the seed defaults to false). */
  mfaEnabled?: boolean;
  secrets?: SecretsMode;
  /** PEM strings; HTTPS when given, HTTP otherwise. */
  tls?: { cert: string; key: string };
  syncDelayMs?: number;
  /** Request lines are logged at debug level (never bodies). */
  logger?: Logger;
}

/**
 * One `/api` or `/ers` request as the simulator saw it. `status` 0 means no response was sent (a fault, or a
 * hang).
 */
export interface SimRequest {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Which TCP connection it came over: 1 for the first the simulator saw, counting up. */
  connection: number;
  /** When it arrived: epoch ms from a monotonic clock shared by every simulator (0.1 ms steps). */
  arrivedAtMs: number;
  /** When its response was sent or its socket closed without one; absent while it is still open. */
  completedAtMs?: number;
  /** Set when an injected fault answered (or did not answer) this request. */
  fault?: FaultKind;
}

/**
 * `lost-response`: the request takes effect and its answer is lost (the socket closes). `ignored`: it is
 * answered as if it took effect, but nothing changes (an ISE that acknowledges a write it does not keep).
 */
export const FAULT_KINDS = ['500', '503', '429', 'hang', 'drop', 'lost-response', 'ignored'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** Any method when omitted. */
  method?: string;
  /** An exact path, or a prefix ending in `*`. Any `/api` or `/ers` path when omitted. */
  path?: string;
  /** Fail the Nth matching request (1-based), counted from when the fault was added. Default 1. */
  nth?: number;
  /** How many consecutive matching requests fail, starting at the Nth. Default 1. */
  times?: number;
  kind: FaultKind;
  retryAfterSeconds?: number;
}

/** The simulated ISE's own data, secrets included: for tests and `GET /_sim/state` only. */
export interface SimSnapshot {
  mfaEnabled: boolean;
  connections: WireMfaConnection[];
  syncs: WireIdentitySync[];
  defaultMfaRule: boolean;
  policy: Record<PolicyService, PolicyServiceSnapshot>;
}

export interface RunningSimulator {
  url: string;
  port: number;
  stop(): Promise<void>;
  requestLog(): SimRequest[];
  clearLog(): void;
  /** Back to the seed; clears the request log and the faults. */
  reset(): void;
  setLatency(ms: number): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  snapshot(): SimSnapshot;
}
