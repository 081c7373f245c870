/**
 * The one normalized model that desired state (from YAML) and live state (from ISE) are both turned into.
 * The planner compares only these types; ISE's wire shapes stay in `src/client/wire-types.ts` and the
 * conversions between the two live in `src/resources/`, one file per resource kind.
 *
 * Normalized means: names trimmed, sets sorted and de-duplicated, absent/null/empty descriptions as '',
 * "no schedule" as null, host names lower-cased. Two equal configurations give deep-equal objects.
 */
import type { Secret, SecretStore } from './secret';

export const CONNECTION_TYPES = ['TACACS', 'VPN'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

export const SCHEDULE_UNITS = ['hours', 'days', 'weeks'] as const;
export type ScheduleUnit = (typeof SCHEDULE_UNITS)[number];

export const RUN_SYNC_POLICIES = ['onChange', 'always', 'never'] as const;
export type RunSyncPolicy = (typeof RUN_SYNC_POLICIES)[number];

export interface MfaState {
  enabled: boolean;
}

/** An ISE Active Directory join point. Desired state names it; directoryID and domain are looked up live. */
export interface ActiveDirectoryRef {
  name: string;
  directoryID?: string;
  /** Lower-cased: ISE may report `STARK.LOCAL` for `stark.local`. */
  domain?: string;
}

/** An AD group pushed to Duo. `source` is the join point name; `name` the group's display path. */
export interface AdGroupRef {
  source: string;
  name: string;
}

/** A recurring sync schedule. ISE's `schedulerSync: none` (or no schedule at all) is `null` in the model. */
export interface SyncSchedule {
  every: number;
  unit: ScheduleUnit;
  /** Local time without a zone, as ISE takes it: `YYYY-MM-DDTHH:mm:ss`. Compared as a string. */
  start: string;
}

export interface IdentitySync {
  name: string;
  /** Sorted by name, unique by name. */
  activeDirectories: ActiveDirectoryRef[];
  /** Sorted by (source, name), unique. */
  adGroups: AdGroupRef[];
  schedule: SyncSchedule | null;
}

/**
 * A Duo connection. Key material is never in the model: only keyed fingerprints (see `fingerprint()`).
 * ikeys are read back from ISE and compared by fingerprint; sKeys are write-only, and their fingerprint
 * travels in a marker at the end of ISE's `description` field (see `src/resources/duo-connection.ts`).
 */
export interface DuoConnection {
  name: string;
  /** The user-facing description: '' when absent, the ise-duo marker removed. */
  description: string;
  identitySync: string;
  /** Sorted set. ISE packs it into one string: `"TACACS,VPN"`. */
  types: ConnectionType[];
  /** Lower-cased. */
  apiHostName: string;
  adminIkeyFingerprint: string;
  authIkeyFingerprint: string;
  /**
   * Fingerprint of both sKeys together. In live state it comes from the description marker, or from clear
   * values when ISE returns them; `null` when ISE neither returns them nor carries a marker (unknown).
   */
  secretKeysFingerprint: string | null;
  /**
   * Each sKey's own fingerprint, where each is known: always in desired state, in live state only when ISE
   * returns the keys in clear (a marker holds both together). With both sides known, a plan names the one
   * sKey that differs instead of "adminApi.skey, authApi.skey".
   */
  sKeyFingerprints: SKeyFingerprints | null;
}

export interface SKeyFingerprints {
  admin: string;
  auth: string;
}

/** The two policy services that take MFA rules: TACACS+ device administration and RADIUS network access. */
export const POLICY_SERVICES = ['deviceAdmin', 'networkAccess'] as const;
export type PolicyService = (typeof POLICY_SERVICES)[number];

/** The connection `types` entry each service needs: a TACACS+ rule needs TACACS, a RADIUS/VPN rule VPN. */
export const SERVICE_CONNECTION_TYPE: Record<PolicyService, ConnectionType> = {
  deviceAdmin: 'TACACS',
  networkAccess: 'VPN',
};

export const RULE_STATES = ['enabled', 'disabled', 'monitor'] as const;
export type RuleState = (typeof RULE_STATES)[number];

/** One attribute test: `DEVICE` / `Device Type` / `equals` / `All Device Types#Router`. */
export interface AttributeCondition {
  dictionary: string;
  attribute: string;
  /** The base form: ISE's `ipEquals` (written back for IP attributes) is `equals` here. */
  operator: string;
  value: string;
  /** ISE's `dictionaryValue`; '' when absent, null or empty (they mean the same). */
  dictionaryValue: string;
}

/** A stored library condition, by name in the file; `id` is ISE's, resolved by name, and what is compared. */
export interface LibraryCondition {
  library: string;
  id?: string;
}

/**
 * A rule's condition as a tree, in the file's own vocabulary so that a diff path reads like the file
 * (`condition.and[1].value`). ISE's `isNegate` is a `not` node; blocks keep their children in order.
 */
export type RuleCondition =
  | AttributeCondition
  | LibraryCondition
  | { and: RuleCondition[] }
  | { or: RuleCondition[] }
  | { not: RuleCondition };

/** An MFA rule of a policy set: which Duo connection applies, when, and what to do with its answer. */
export interface MfaRule {
  /** The key within (service, policy set): ISE's rule IDs never appear in the file. */
  name: string;
  /** A Duo connection's name (ISE's `mfaConnectionName`). */
  connection: string;
  condition: RuleCondition | null;
  /** `mfaResultAction`, upper-cased: `ACCEPT`. */
  onSuccess: string;
  /** `mfaFailAction`, upper-cased: `REJECT`. `ACCEPT` here fails open. */
  onFailure: string;
  state: RuleState;
}

/** The MFA rules of one policy set, in priority order (the first one is matched first). */
export interface MfaPolicy {
  service: PolicyService;
  /** The policy set's name; the set itself is never created or changed by ise-duo. */
  policySet: string;
  rules: MfaRule[];
}

/** A rule as ISE holds it: the server's id and rank, and whether it is the (untouchable) Default rule. */
export interface LiveMfaRule extends MfaRule {
  id: string;
  /** 0-based, dense within the policy set's MFA table. */
  rank: number;
  default: boolean;
  /**
   * Set when ISE answered `connection` with a Duo API host name that several connections share (open
   * question 3): the names of all of them. The rule names one of them, and which one ISE does not say.
   */
  connectionCandidates?: string[];
}

export interface LiveMfaPolicy extends MfaPolicy {
  policySetId: string;
  /** Sorted by rank. */
  rules: LiveMfaRule[];
}

/** The resource kinds, in dependency order. */
export interface IseState {
  mfa: MfaState;
  identitySyncs: IdentitySync[];
  duoConnections: DuoConnection[];
}

/** The `ise:` block of a desired-state file after env references are resolved. Every field is optional in the
 * file because `--ise-url` and `ISE_URL`/`ISE_USERNAME`/`ISE_PASSWORD` can supply or override it. */
export interface TargetSettings {
  url?: string;
  username?: string;
  password?: Secret;
  /** Absolute path, resolved against the desired-state file's folder. */
  caFile?: string;
  insecure?: boolean;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface DesiredState extends IseState {
  /** The file it was loaded from. */
  file: string;
  target: TargetSettings;
  /** The MFA rules of the policy sets the file names; sorted by (service, policy set), rules in priority order. */
  mfaPolicies: MfaPolicy[];
  /** true: live syncs and connections that the file does not name are deleted, and so are the unnamed MFA
   * rules of the policy sets it names. */
  prune: boolean;
  /** When `apply` starts each sync after changing it, by sync name. */
  runSync: Record<string, RunSyncPolicy>;
  /** The four Duo key values of every connection, by `secretRef()`. */
  secrets: SecretStore;
}

/** An answer from ISE that contradicts another (see `src/live/suspect-answers.ts`). */
export interface ReadWarning {
  /** The resource kind it concerns: the planner prunes nothing of that kind. */
  kind: string;
  message: string;
}

/**
 * A name of the file that ISE does not list but lists in another case, and what ISE answered when asked for
 * the file's spelling (`src/resources/case-twins.ts`): whether it matches names regardless of case.
 */
export interface CaseTwin {
  kind: 'identity-sync' | 'duo-connection';
  /** As the file spells it. */
  name: string;
  /** As ISE lists it. */
  twin: string;
  /**
   * true: ISE answered a GET of `name` (it matches names regardless of case, and would refuse a create);
   * false: it answered 403 or 404 (it keeps them apart); absent: no clear answer (another failure).
   */
  iseMatches?: boolean;
}

export interface LiveState extends IseState {
  /** The join points ISE knows (`GET activedirectories`); empty when MFA is off or nothing needed them. */
  activeDirectories: Required<ActiveDirectoryRef>[];
  /** false when MFA is off, so the object lists could not be read (403) and are taken as empty. */
  objectsReadable: boolean;
  /** Hash of each object read, by `${kind}/${name}` (and `mfa`), for refusing stale saved plans. */
  fingerprints: Record<string, string>;
  /** Answers that contradict each other (a name listed twice, a read answered by another name). */
  readWarnings?: ReadWarning[];
  /** The file's names ISE lists only in another case, with ISE's answer to each; absent when there are none. */
  caseTwins?: CaseTwin[];
  /** Set when a value that held a known secret was blanked (`src/live/held-secrets.ts`): notes say where. */
  heldSecrets?: true;
  /**
   * The MFA tables of the policy sets the file names that exist on ISE, rules sorted by rank. Empty rule lists
   * while MFA is off (ISE answers 403 then; none are assumed).
   */
  mfaPolicies: LiveMfaPolicy[];
  /**
   * The MFA tables of the other policy sets, read (read-only) only when a plan may delete a Duo connection, to
   * find the rules that still name it; otherwise empty.
   */
  otherMfaPolicies: LiveMfaPolicy[];
  /** Policy-set ids by `${service}/${name}`, for the services the file uses. */
  policySetIds: Record<string, string>;
  /** Library-condition ids by `${service}/${name}`, for the library conditions the file names that exist. */
  libraryConditionIds: Record<string, string>;
}
