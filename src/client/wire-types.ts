/**
 * ISE's payloads exactly as Cisco's OpenAPI files spell them (`cisco-ise-open-api-mfa.yaml`,
 * `cisco-ise-open-api-duo-identity-sync.yaml`). The client and the simulator speak them; `src/resources/`
 * converts them to and from the normalized model; the live reader, the executor (its handlers, re-reads and
 * key pre-flight) and the sync runs only pass them between the client and the resources. The planner never
 * sees them: it compares the normalized model in `src/model/state.ts`.
 *
 * Every field is optional because the spec marks none as required and real servers leave fields out.
 */
import type { SecretPlaceholder } from '../model/secret';

/** `GET /api/v1/duo-mfa/status`: a bare object, not wrapped. */
export interface WireMfaEnabledStatus {
  status: boolean;
}

/** `PUT /api/v1/duo-mfa/enable` body. Both levels are required by the spec; `false` must be sent explicitly. */
export interface WireMfaFeatureEnable {
  mfa: { status: boolean };
}

/** A key pair. `sKey` has a capital K while `ikey` does not: that is Cisco's spelling. In request bodies built
 * by ise-duo each value is a `SecretPlaceholder` that the client fills in just before sending. */
export interface WireApi<S = string> {
  ikey?: S;
  sKey?: S;
}

export interface WireAccountConfigurations<S = string> {
  apiHostName?: string;
  adminApi?: WireApi<S>;
  authenticationApi?: WireApi<S>;
}

/** `MfaInfoMfa`: the connection object of POST/PUT bodies and of GET-by-name's `response.mfa`. */
export interface WireMfaConnection<S = string> {
  connectionName?: string;
  description?: string;
  identitySync?: string;
  /** Comma-separated: `"VPN,TACACS"`. */
  type?: string;
  accountConfigurations?: WireAccountConfigurations<S>;
}

/** `MfaInfo`: `{ mfa: MfaInfoMfa }`. */
export interface WireMfaInfo<S = string> {
  mfa?: WireMfaConnection<S>;
}

/** A request body for create/update of a connection, keys as placeholders. */
export type WireMfaInfoRequest = WireMfaInfo<string | SecretPlaceholder>;

/** `MfaGetAllInfo`: an item of `GET /duo-mfa/mfa`. The key is `name` here, `connectionName` elsewhere. */
export interface WireMfaSummary {
  name?: string;
  apiHostName?: string;
  identitySync?: string;
  provider?: string;
  type?: string;
}

/** `{ response, version }`, the wrapper of the list and get-by-name responses. */
export interface WireEnvelope<T> {
  response?: T;
  version?: string;
}

/** `ActiveDirectory`: an item of `GET /duo-identitysync/activedirectories` (a bare array). */
export interface WireActiveDirectory {
  directoryID?: string;
  domain?: string;
  name?: string;
}

/** One item of ERS's `GET /ers/config/activedirectory` (`SearchResult.resources`): a join point's id and name. */
export interface WireErsResource {
  id?: string;
  name?: string;
  description?: string;
}

/** ERS's `GET /ers/config/activedirectory/{id}`, unwrapped from `ERSActiveDirectory`: the parts ise-duo reads. */
export interface WireErsActiveDirectory {
  id?: string;
  name?: string;
  domain?: string;
  adGroups?: { groups?: Array<{ name?: string; sid?: string }> };
}

/** `AdG` (request) / `AdGroup` (response, which adds `sid`). */
export interface WireAdGroup {
  name?: string;
  source?: string;
  sid?: string;
}

export const WIRE_SCHEDULER_SYNC = ['none', 'recurring'] as const;
export const WIRE_SYNC_STATUS = [
  'Cancelled',
  'Failed',
  'Pending',
  'Pending Cancellation',
  'Success',
] as const;
export type WireSyncStatus = (typeof WIRE_SYNC_STATUS)[number];

export interface WireSyncSchedule {
  schedulerSync?: (typeof WIRE_SCHEDULER_SYNC)[number];
  interval?: number;
  intervalUnit?: 'days' | 'hours' | 'weeks';
  /** `YYYY-MM-DDTHH:mm:ss`, no time zone. */
  startDate?: string;
}

/** `IdentitysyncInfoIdentitySync` / `IdentitysyncGetInfoIdentitySync`. */
export interface WireIdentitySync {
  syncName?: string;
  configurations?: { activeDirectories?: WireActiveDirectory[] };
  adGroups?: WireAdGroup[];
  syncSchedule?: WireSyncSchedule | null;
  /** Server-owned: never sent by ise-duo, never compared. */
  lastSync?: string;
  /** Server-owned: never sent by ise-duo, never compared. */
  syncStatus?: WireSyncStatus;
}

/** `IdentitysyncInfo`: `{ identitySync: … }`. */
export interface WireIdentitySyncInfo {
  identitySync?: WireIdentitySync;
}

/** `IdentitysyncGetAllInfo`: an item of `GET /duo-identitysync/identitysync`. `adGroups` is a count here. */
export interface WireIdentitySyncSummary {
  name?: string;
  source?: string;
  destination?: string;
  adGroups?: number;
  lastSync?: string;
  syncStatus?: WireSyncStatus;
}

/** `Error`: `code` is a string in the spec, but ISE has been seen sending a number. */
export interface WireError {
  code?: string | number;
  message?: string;
}
