/**
 * One logical call to ISE: the read-only gate, secret substitution, headers, the attempt loop with retries,
 * the debug log line an ISE admin can match to ISE's own logs (by X-Request-ID), and the ApiError when it
 * fails. What counts as a retryable call and what leaves an outcome unknown is decided here from the call's
 * kind, not from its HTTP method alone, because two of ISE's GETs start and cancel syncs.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { InterruptedError } from '../errors';
import type { Secret, SecretStore } from '../model/secret';
import { contextFor, shownPath } from './call-context';
import type { ExplainContext } from './explain';
import { type CallContext, httpError, readOnlyRefusal, transportError } from './failures';
import type { Attempt, HttpRequest, RawResponse, Transport } from './http';
import type { InFlightLimit } from './in-flight';
import { loginGateKey, passLoginGate, settleLoginGate } from './login-gate';
import { fillPlaceholders } from './placeholders';
import { isTransient, OUTCOME_UNKNOWN_STATUSES, type RetrySettings, retryDelayMs } from './retry';
import { type StopSignal, stopSignalFor } from './stop-signal';
import { interruptedRefusal, type WriteJournal } from './write-gate';

/**
 * - read: a GET without side effects. Retried; allowed when read-only.
 * - write: POST/PUT/DELETE that changes configuration. PUT and DELETE are retried, POST never; refused when read-only.
 * - action: a GET with a side effect (start/cancel a sync). Never retried; refused when read-only.
 * - probe: the connection test, a POST that changes nothing. Never retried; read-only needs allowConnectionTest.
 */
export type CallKind = 'read' | 'write' | 'action' | 'probe';

export interface CallSpec {
  kind: CallKind;
  method: HttpRequest['method'];
  /** URL-encoded. */
  path: string;
  body?: unknown;
  /** What the call does, for the read-only refusal ("creating a Duo connection"). */
  purpose: string;
  /** Non-2xx answers the caller reads itself instead of getting an ApiError (the connection test). */
  isAnswer?: (response: RawResponse) => boolean;
  /** The call stops work (cancelling a sync run): still sent after the write gate closed. */
  stopsWork?: true;
  /** The caller abandoned the call: the attempt on the wire is aborted and none is retried (reads only). */
  signal?: AbortSignal;
}

export interface CallResult {
  response: RawResponse;
  context: CallContext;
}

export interface Engine {
  transport: Transport;
  retry: RetrySettings;
  readOnly: boolean;
  allowConnectionTest: boolean;
  /** The write gate (see `./write-gate.ts`): aborted means no new call with a side effect is sent. */
  stopWrites?: AbortSignal;
  /** Aborted: reads and connection tests are abandoned and not sent (`IseClientOptions.stopReads`). */
  stopReads?: AbortSignal;
  journal?: WriteJournal;
  /** Bounds the attempts on the wire at once (shared by every client made from this engine). */
  inFlight?: InFlightLimit;
  username: string;
  password: Secret;
  secrets?: SecretStore;
  logger: Logger;
  explain: Omit<ExplainContext, 'method' | 'path'>;
}

const USER_AGENT = 'ise-duo';

function refusedWhenReadOnly(engine: Engine, kind: CallKind): boolean {
  if (kind === 'read') return false;
  if (kind === 'probe') return !engine.allowConnectionTest;
  return true;
}

function isRetryable(spec: CallSpec): boolean {
  return spec.kind === 'read' || (spec.kind === 'write' && spec.method !== 'POST');
}

/** After the write gate closed, nothing that changes ISE is sent, not even a retry of the call in flight. */
function gateClosed(engine: Engine, spec: CallSpec): boolean {
  return engine.stopWrites?.aborted === true && spec.kind !== 'read' && spec.stopsWork !== true;
}

/** A read or connection test stopped by the signal: it changes nothing, so the run can end at once. */
function readsStopped(engine: Engine, spec: CallSpec): boolean {
  return engine.stopReads?.aborted === true && (spec.kind === 'read' || spec.kind === 'probe');
}

function interruptedRead(spec: CallSpec): InterruptedError {
  return new InterruptedError(
    `interrupted (Ctrl-C or SIGTERM) while ${spec.purpose}, before ISE answered; nothing was changed`,
  );
}

/** What abandons the call's attempts: the caller's signal, and for reads and tests the reads' stop. */
function attemptStops(engine: Engine, spec: CallSpec): StopSignal[] {
  const stops: StopSignal[] = [];
  if (spec.signal) stops.push(stopSignalFor(spec.signal));
  if (engine.stopReads && (spec.kind === 'read' || spec.kind === 'probe'))
    stops.push(stopSignalFor(engine.stopReads));
  return stops;
}

/** Whether a failed attempt may still have changed ISE: only relevant to calls with side effects. */
function outcomeUnknown(spec: CallSpec, attempt: Attempt): boolean {
  if (spec.kind !== 'write' && spec.kind !== 'action') return false;
  if ('response' in attempt) return OUTCOME_UNKNOWN_STATUSES.has(attempt.response.status);
  return attempt.failure.phase === 'request';
}

/** Each engine's Authorization value, encoded once (a WeakMap, so it is no property anything could log). */
const authorizations = new WeakMap<Engine, string>();

function authorization(engine: Engine): string {
  let value = authorizations.get(engine);
  if (value === undefined) {
    const credentials = `${engine.username}:${engine.password.reveal()}`;
    value = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    authorizations.set(engine, value);
  }
  return value;
}

/** Each engine's login-gate key (see `./login-gate.ts`), made once. */
const gateKeys = new WeakMap<Engine, string>();

function gateKey(engine: Engine): string {
  let key = gateKeys.get(engine);
  if (key === undefined) {
    key = loginGateKey(engine.explain.host, authorization(engine));
    gateKeys.set(engine, key);
  }
  return key;
}

/** One attempt on the wire, through the login gate and the in-flight bound. */
async function sendAttempt(
  engine: Engine,
  spec: CallSpec,
  request: HttpRequest,
  requestId: string,
): Promise<Attempt> {
  const key = gateKey(engine);
  const ticket = await passLoginGate(key);
  if (!ticket.testing) return sendThroughBound(engine, request);
  let attempt: Attempt | undefined;
  try {
    attempt = await sendThroughBound(engine, request);
    return attempt;
  } finally {
    if (!attempt) settleLoginGate(key, 'abandoned');
    else if ('response' in attempt && attempt.response.status === 401)
      settleLoginGate(key, { refused: failureOf(engine, spec, requestId, attempt) });
    else settleLoginGate(key, 'proven');
  }
}

function sendThroughBound(engine: Engine, request: HttpRequest): Promise<Attempt> {
  return engine.inFlight
    ? engine.inFlight.run(() => engine.transport.send(request))
    : engine.transport.send(request);
}

function headers(engine: Engine, requestId: string, hasBody: boolean): Record<string, string> {
  const h: Record<string, string> = {
    Accept: 'application/json',
    'X-Request-ID': requestId,
    'User-Agent': USER_AGENT,
    Authorization: authorization(engine),
  };
  if (hasBody) h['Content-Type'] = 'application/json';
  return h;
}

function logAttempt(
  engine: Engine,
  spec: CallSpec,
  requestId: string,
  attempt: number,
  result: Attempt,
  started: number,
): void {
  // Checked first: a fleet plan makes thousands of attempts, and below debug this line is never written.
  if (!engine.logger.isLevelEnabled('debug')) return;
  const fields = {
    method: spec.method,
    path: shownPath(engine, spec),
    requestId,
    attempt,
    durationMs: Date.now() - started,
  };
  if ('response' in result) engine.logger.debug({ ...fields, status: result.response.status }, 'ISE request');
  else
    engine.logger.debug(
      { ...fields, failure: result.failure.kind, code: result.failure.code },
      'ISE request failed',
    );
}

/** Sends the call, retrying transient failures when the call allows it. Throws ApiError (or UsageError). */
export async function call(engine: Engine, spec: CallSpec): Promise<CallResult> {
  if (engine.readOnly && refusedWhenReadOnly(engine, spec.kind)) {
    throw readOnlyRefusal(spec.method, spec.path, spec.purpose);
  }
  if (gateClosed(engine, spec)) throw interruptedRefusal(spec.method, spec.path, spec.purpose);
  if (readsStopped(engine, spec)) throw interruptedRead(spec);
  const stops = attemptStops(engine, spec);
  const data =
    spec.body === undefined ? undefined : JSON.stringify(fillPlaceholders(spec.body, engine.secrets));
  const entry = spec.kind === 'read' ? undefined : engine.journal?.sent(spec.method, spec.path);
  // Whether an earlier attempt may have changed ISE: then the last attempt's answer (a retried DELETE's
  // 404) tells nothing of who made the change, and the failure says the outcome is unknown.
  let earlierUnknown = false;
  for (let attemptNo = 1; ; attemptNo++) {
    const requestId = randomUUID();
    const started = Date.now();
    const request: HttpRequest = {
      method: spec.method,
      path: spec.path,
      headers: headers(engine, requestId, data !== undefined),
      data,
      reuseConnection: spec.kind === 'read',
      stops,
    };
    const attempt = await sendAttempt(engine, spec, request, requestId);
    if (entry) entry.outcome = 'response' in attempt ? attempt.response.status : attempt.failure.kind;
    logAttempt(engine, spec, requestId, attemptNo, attempt, started);
    if ('response' in attempt && isSuccess(spec, attempt.response)) {
      return { response: attempt.response, context: contextFor(engine, spec, requestId) };
    }
    if (readsStopped(engine, spec)) throw interruptedRead(spec);
    const retry =
      isRetryable(spec) &&
      attemptNo <= engine.retry.maxRetries &&
      isTransient(attempt) &&
      spec.signal?.aborted !== true;
    if (retry && !gateClosed(engine, spec)) {
      const retryAfter = 'response' in attempt ? attempt.response.retryAfter : undefined;
      const delayMs = retryDelayMs(engine.retry, attemptNo, retryAfter);
      engine.logger.debug(
        {
          method: spec.method,
          path: shownPath(engine, spec),
          attempt: attemptNo,
          delayMs,
        },
        'retrying ISE request',
      );
      earlierUnknown ||= outcomeUnknown(spec, attempt);
      await engine.retry.sleep(delayMs);
      if (readsStopped(engine, spec)) throw interruptedRead(spec);
      if (spec.signal?.aborted) throw failureOf(engine, spec, requestId, attempt, earlierUnknown);
      continue;
    }
    throw failureOf(engine, spec, requestId, attempt, earlierUnknown);
  }
}

function isSuccess(spec: CallSpec, response: RawResponse): boolean {
  return (response.status >= 200 && response.status < 300) || (spec.isAnswer?.(response) ?? false);
}

function failureOf(
  engine: Engine,
  spec: CallSpec,
  requestId: string,
  attempt: Attempt,
  earlierUnknown = false,
): Error {
  const context = contextFor(engine, spec, requestId);
  const unknown = earlierUnknown || outcomeUnknown(spec, attempt);
  if ('response' in attempt) return httpError(context, attempt.response, unknown);
  return transportError(context, attempt.failure, unknown);
}
