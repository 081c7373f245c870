/**
 * The shape of a desired-state file (version 1) once it has passed the schema and its references are
 * resolved. Written by hand to match `schemas/ise-duo.schema.json`; `normalize.ts` reads only these types,
 * and only after validation found no errors, so the casts there are backed by the validator.
 */
import type { ConnectionType, PolicyService, RuleState, RunSyncPolicy, ScheduleUnit } from '../model/state';

export interface IseBlock {
  url?: string;
  username?: string;
  /** Still the `${env:NAME}` text: secret values travel separately (see `env-refs.ts`). */
  password?: string;
  caFile?: string;
  insecure?: boolean;
  requestTimeoutSeconds?: number;
  connectTimeoutSeconds?: number;
}

export interface AdGroupEntry {
  source: string;
  name: string;
}

export interface IdentitySyncEntry {
  name: string;
  activeDirectories: string[];
  adGroups: AdGroupEntry[];
  schedule?: { every: number; unit: ScheduleUnit; start: string };
  runSync?: RunSyncPolicy;
}

export interface DuoKeysEntry {
  ikey: string;
  /** Still the `${env:NAME}` text. */
  skey: string;
}

export interface DuoConnectionEntry {
  name: string;
  description?: string;
  identitySync: string;
  types: ConnectionType[];
  apiHostName: string;
  adminApi: DuoKeysEntry;
  authApi: DuoKeysEntry;
}

/** A condition as written: one of five forms (the schema's `dependencies` keep them apart). */
export type ConditionEntry =
  | { dictionary: string; attribute: string; operator: string; value: string; dictionaryValue?: string }
  | { library: string }
  | { and: ConditionEntry[] }
  | { or: ConditionEntry[] }
  | { not: ConditionEntry };

export interface MfaRuleEntry {
  name: string;
  connection: string;
  condition: ConditionEntry;
  /** `ACCEPT` or `REJECT` in any case. */
  onSuccess?: string;
  onFailure?: string;
  state?: RuleState;
}

export interface MfaPolicyEntry {
  service: PolicyService;
  policySet: string;
  rules: MfaRuleEntry[];
}

export interface DesiredFile {
  version: 1;
  ise?: IseBlock;
  mfa: { enabled: boolean };
  identitySyncs?: IdentitySyncEntry[];
  duoConnections?: DuoConnectionEntry[];
  mfaPolicies?: MfaPolicyEntry[];
  prune?: boolean;
}
