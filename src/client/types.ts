/**
 * The typed ISE client's contract. The implementation (`createIseClient` in `./ise-client.ts`) uses axios;
 * everything above the client (live reader, executor, commands) depends only on this interface.
 */
import type { Logger } from 'pino';
import type { Secret, SecretPlaceholder, SecretStore } from '../model/secret';
import type { PolicyService } from '../model/state';
import type { WireCondition, WirePolicySet, WireRuleMfa } from './wire-policy';
import type {
  WireAccountConfigurations,
  WireActiveDirectory,
  WireAdGroup,
  WireErsActiveDirectory,
  WireErsResource,
  WireIdentitySync,
  WireIdentitySyncInfo,
  WireIdentitySyncSummary,
  WireMfaConnection,
  WireMfaInfoRequest,
  WireMfaSummary,
} from './wire-types';
import type { WriteJournal } from './write-gate';

export interface IseClientOptions {
  /** `https://host[:port]`; the client appends `/api/v1/...`. */
  baseUrl: string;
  username: string;
  password: Secret;
  /** PEM file of the CA certificates ISE is verified against, instead of Node's built-in roots. */
  caFile?: string;
  /** Turns TLS verification off. The client logs a warning every time it is created with this. */
  insecure?: boolean;
  /** TCP+TLS connect timeout. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Whole-request timeout. Default 30000 ms. */
  requestTimeoutMs?: number;
  /** Retries after the first attempt, for retryable failures. Default 3. */
  maxRetries?: number;
  /** First backoff delay; doubled on each retry, with full jitter. Default 300 ms. */
  retryBaseDelayMs?: number;
  /** Cap on any single wait, including one asked for by `Retry-After`. Default 20000 ms. */
  retryMaxDelayMs?: number;
  /** Responses larger than this are refused with an ApiError. Default 5 MiB. */
  maxResponseBytes?: number;
  /** Refuse every write and every side-effect GET before anything is sent. */
  readOnly?: boolean;
  /** In read-only mode, still allow `testDuoConnection` (a POST that changes no configuration). Default false. */
  allowConnectionTest?: boolean;
  /** Values for the `{ $secret }` placeholders in request bodies; also scrubbed from any error text. */
  secrets?: SecretStore;
  logger?: Logger;
  /**
   * Once aborted (the CLI does so on the first Ctrl-C or SIGTERM), every call that would change ISE is refused
   * before it is sent, and a write whose attempt failed is not retried; reads and cancelling a sync still go.
   */
  stopWrites?: AbortSignal;
  /**
   * Once aborted (the CLI does so on the first Ctrl-C or SIGTERM), a read or connection test in flight is
   * abandoned, none is sent or retried, and the call fails with an InterruptedError (exit 130). For the
   * clients that only read (plans, drift, export, validate --online); never for a writer, whose reads after
   * a signal re-read the write in flight.
   */
  stopReads?: AbortSignal;
  /** Records every call with a side effect as it is sent and answered (what a forced exit reports). */
  journal?: WriteJournal;
  /** At most this many requests on the wire at once (`export --max-in-flight`); unbounded when absent. */
  maxInFlight?: number;
}

/** What a connection test said. `ok: false` is a normal answer (Duo rejected the keys), not an exception. */
export interface ConnectionTestResult {
  ok: boolean;
  status: number;
  message: string;
}

/** An answer of an API that may be switched off: the value, or the status that says it is not available. */
export type ErsAnswer<T> = { value: T } | { unavailable: number };

export interface IseClient {
  readonly readOnly: boolean;
  /** A copy of this client that refuses writes and side-effect GETs. */
  asReadOnly(): IseClient;
  /**
   * The values this client scrubs from server text (the secret store's, the password, the Basic
   * credentials), boxed: the live reader blanks ISE values that hold one (`src/live/held-secrets.ts`).
   * Sends nothing; a promise like every other method, and optional, so that a stand-in client still reads.
   */
  knownSecrets?(): Promise<Secret[]>;

  // Feature switch
  getMfaStatus(): Promise<boolean>;
  setMfaEnabled(enabled: boolean): Promise<void>;

  // Duo connections (`/api/v1/duo-mfa/mfa`)
  listDuoConnections(): Promise<WireMfaSummary[]>;
  /** Unwraps `response.mfa`. */
  getDuoConnection(name: string): Promise<WireMfaConnection>;
  createDuoConnection(body: WireMfaInfoRequest): Promise<void>;
  updateDuoConnection(name: string, body: WireMfaInfoRequest): Promise<void>;
  deleteDuoConnection(name: string): Promise<void>;
  /** POST testconnection. Without `body` the client sends `{}` and ISE tests the keys it has stored. Changes no configuration. */
  testDuoConnection(
    name: string,
    body?: WireAccountConfigurations<string | SecretPlaceholder>,
  ): Promise<ConnectionTestResult>;

  // Identity syncs (`/api/v1/duo-identitysync/identitysync`)
  listIdentitySyncs(): Promise<WireIdentitySyncSummary[]>;
  /**
   * Unwraps `response.identitySync`. `signal` abandons the read (a sync's status poll that outlived its
   * wait): the attempt on the wire is aborted, and none is retried.
   */
  getIdentitySync(name: string, options?: { signal?: AbortSignal }): Promise<WireIdentitySync>;
  createIdentitySync(body: WireIdentitySyncInfo): Promise<void>;
  updateIdentitySync(name: string, body: WireIdentitySyncInfo): Promise<void>;
  deleteIdentitySync(name: string): Promise<void>;
  /** GET with a side effect: starts an AD→Duo push. Never retried; refused in read-only mode. */
  startSync(name: string): Promise<string>;
  /** GET with a side effect: cancels a running push. Never retried; refused in read-only mode. */
  cancelSync(name: string): Promise<string>;

  // AD lookups
  listActiveDirectories(): Promise<WireActiveDirectory[]>;
  listAdGroups(activeDirectory: string): Promise<WireAdGroup[]>;

  // ERS AD lookups (`/ers/config/activedirectory`): they answer while MFA is off, when the two above answer 403
  /**
   * Every join point's id and name, all pages. `{ unavailable: status }` when ERS answers 401, 403 or 404:
   * ERS is off (ISE's default), or the account has no ERS role.
   */
  listErsJoinPoints(): Promise<ErsAnswer<WireErsResource[]>>;
  /** One join point with its groups, unwrapping `ERSActiveDirectory`; 401, 403 and 404 as for the list. */
  getErsJoinPoint(id: string): Promise<ErsAnswer<WireErsActiveDirectory>>;
  /**
   * One join point by name, with its groups: `{ value: null }` when ERS answers 404 (no such join point, or
   * no ERS at all: the list tells them apart), `{ unavailable: status }` for 401 and 403.
   */
  getErsJoinPointByName(name: string): Promise<ErsAnswer<WireErsActiveDirectory | null>>;

  // Policy (`/api/v1/policy/{device-admin|network-access}`): policy sets, their MFA rules, library conditions
  /** `GET .../policy-set`, unwrapping `response`. */
  listPolicySets(service: PolicyService): Promise<WirePolicySet[]>;
  /** `GET .../policy-set/{id}/mfa`, unwrapping `response`. ISE answers 403 while the MFA feature is off. */
  listMfaRules(service: PolicyService, policySetId: string): Promise<WireRuleMfa[]>;
  /**
   * `POST .../policy-set/{id}/mfa`. Returns ISE's `response` (the new id at `rule.id`). Never re-sent: a lost
   * answer, or a 2xx without the id, is an ApiError with `outcomeUnknown`.
   */
  createMfaRule(service: PolicyService, policySetId: string, body: WireRuleMfa): Promise<WireRuleMfa>;
  /** `PUT .../mfa/{ruleId}`. ISE moves a rule sent without `rank` to the end: always send the rank. */
  updateMfaRule(
    service: PolicyService,
    policySetId: string,
    ruleId: string,
    body: WireRuleMfa,
  ): Promise<void>;
  /** `DELETE .../mfa/{ruleId}`. */
  deleteMfaRule(service: PolicyService, policySetId: string, ruleId: string): Promise<void>;
  /** `GET .../condition/condition-by-name/{name}`, unwrapping `response`; null when ISE answers 404. */
  getLibraryCondition(service: PolicyService, name: string): Promise<WireCondition | null>;
  /** `GET .../condition`: every library condition, for did-you-mean suggestions. */
  listLibraryConditions(service: PolicyService): Promise<WireCondition[]>;
}
