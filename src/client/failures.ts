/**
 * Builds every ApiError the client throws, so they all read the same way:
 *   `GET /api/v1/duo-mfa/status failed: 401 Unauthorized (request 3f2…). Check the ISE username and password…`
 * Any text that came from the server (ISE's error message and code, a header it sent) or from Node is quoted
 * through `quote`: scrubbed of secrets and of any fragment of one, in any encoding, and only then cut, because
 * ISE may echo request bodies and a cut made first would leave pieces of a key that no longer match it
 * (issue #15). No axios error is ever attached as a cause: it
 * holds the request config, headers and body.
 */
import { STATUS_CODES } from 'node:http';
import { ApiError, type ApiFailureKind } from '../errors';
import { quoteable } from '../model/scrubber';
import { type ExplainContext, explainStatus, explainTransport, htmlExplanation } from './explain';
import type { RawResponse, TransportFailure } from './http';

export interface CallContext extends ExplainContext {
  requestId?: string;
  scrub: (text: string) => string;
}

const MAX_ISE_MESSAGE = 300;
const MAX_ISE_CODE = 40;
/** A header or a Node error detail quoted in a message. */
export const MAX_QUOTED_DETAIL = 200;

const OUTCOME_UNKNOWN_NOTE =
  ' The request may have taken effect on ISE: read the current state before trying again.';

export function looksLikeHtml(contentType: string, body: string): boolean {
  return contentType.includes('html') || /^\s*<(!doctype|html|head|body|\?xml)/i.test(body);
}

/** Text from the server or from Node, fit to quote: secrets and their fragments removed, then cut to `max`. */
export function quote(ctx: Pick<CallContext, 'scrub'>, text: string, max = MAX_ISE_MESSAGE): string {
  return quoteable(text, ctx.scrub, max);
}

/**
 * ISE's `{code, message}` error body (ERS's `ERSResponse` messages too); `code` may be a string or a number.
 * Lenient: any part may be missing.
 * The texts are ISE's, whole and unscrubbed: quote them (`quote`) before they go anywhere.
 */
export function parseErrorBody(response: RawResponse): { iseCode?: string; iseMessage?: string } {
  if (looksLikeHtml(response.contentType, response.body) || response.body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return { iseMessage: response.body };
  }
  if (typeof parsed === 'string') return { iseMessage: parsed };
  if (!parsed || typeof parsed !== 'object') return {};
  // ERS says it as `{ERSResponse: {messages: [{title, code}]}}`, the Open API as `{code, message}`.
  const ers = (parsed as { ERSResponse?: { messages?: unknown } }).ERSResponse?.messages;
  const first = Array.isArray(ers) ? (ers[0] as { title?: unknown; code?: unknown } | undefined) : undefined;
  const { code, message } = first
    ? { code: first.code, message: first.title }
    : (parsed as { code?: unknown; message?: unknown });
  return {
    iseCode: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
    iseMessage: typeof message === 'string' ? message : undefined,
  };
}

function build(
  ctx: CallContext,
  kind: ApiFailureKind,
  what: string,
  extra: { status?: number; iseCode?: string; iseMessage?: string; explanation?: string },
  outcomeUnknown = false,
): ApiError {
  const iseCode = extra.iseCode === undefined ? undefined : quote(ctx, extra.iseCode, MAX_ISE_CODE);
  const iseMessage = extra.iseMessage === undefined ? undefined : quote(ctx, extra.iseMessage);
  const said = iseMessage ? `: "${iseMessage}"` : '';
  const request = ctx.requestId ? ` (request ${ctx.requestId})` : '';
  const explanation = extra.explanation ? ` ${extra.explanation}` : '';
  const note = outcomeUnknown ? OUTCOME_UNKNOWN_NOTE : '';
  // Every part from outside (ISE's words, headers, Node's text) is quoted already; the rest is ise-duo's own
  // text, which is not scrubbed again: a password that shares 8 letters with "password" would blank it out.
  const message = `${ctx.method} ${ctx.path} failed: ${what}${said}${request}.${explanation}${note}`;
  return new ApiError(
    {
      kind,
      method: ctx.method,
      path: ctx.path,
      status: extra.status,
      iseCode,
      iseMessage,
      requestId: ctx.requestId,
      explanation: extra.explanation,
      outcomeUnknown,
    },
    message,
  );
}

export function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
}

/** A non-2xx answer from ISE. */
export function httpError(ctx: CallContext, response: RawResponse, outcomeUnknown: boolean): ApiError {
  const html = looksLikeHtml(response.contentType, response.body);
  const location =
    response.location === undefined ? undefined : quote(ctx, response.location, MAX_QUOTED_DETAIL);
  const explanation = explainStatus(ctx, response.status, html, location);
  return build(
    ctx,
    'http',
    statusLine(response.status),
    { status: response.status, ...parseErrorBody(response), explanation },
    outcomeUnknown,
  );
}

const TRANSPORT_WHAT: Record<TransportFailure['kind'], (f: TransportFailure) => string> = {
  tls: (f) => `TLS verification failed (${f.code})`,
  timeout: (f) => (f.phase === 'connect' ? 'connect timeout' : `timeout (${f.detail})`),
  network: (f) => `network error (${f.code}: ${f.detail})`,
  'too-large': () => 'the response is too large',
};

/** Node's code and message can quote the server (a certificate's names, a proxy's words): quoted like ISE's. */
function quotedFailure(ctx: CallContext, failure: TransportFailure): TransportFailure {
  return {
    ...failure,
    code: quote(ctx, failure.code, MAX_ISE_CODE),
    detail: quote(ctx, failure.detail, MAX_QUOTED_DETAIL),
  };
}

/** No usable answer: the connection, TLS or a timeout failed, or the answer was too large. */
export function transportError(
  ctx: CallContext,
  failure: TransportFailure,
  outcomeUnknown: boolean,
): ApiError {
  const kind: ApiFailureKind = failure.kind === 'too-large' ? 'bad-response' : failure.kind;
  const quoted = quotedFailure(ctx, failure);
  const explanation = explainTransport(ctx, quoted);
  return build(ctx, kind, TRANSPORT_WHAT[failure.kind](quoted), { explanation }, outcomeUnknown);
}

/**
 * A 2xx answer the client cannot use (malformed JSON, HTML, empty, wrong shape or content type). After a write
 * ISE accepted, the change may be there even though the answer is unusable: `outcomeUnknown` says so.
 */
export function badResponse(
  ctx: CallContext,
  response: RawResponse,
  problem: string,
  explanation?: string,
  outcomeUnknown = false,
): ApiError {
  const html = looksLikeHtml(response.contentType, response.body);
  return build(
    ctx,
    'bad-response',
    `${statusLine(response.status)} with ${problem}`,
    { status: response.status, explanation: explanation ?? (html ? htmlExplanation(ctx.path) : undefined) },
    outcomeUnknown,
  );
}

/** Read-only mode: refused before anything was sent. */
export function readOnlyRefusal(method: string, path: string, what: string): ApiError {
  return new ApiError(
    {
      kind: 'read-only',
      method,
      path,
      explanation: 'The client is read-only (plan, diff and refresh never change ISE).',
    },
    `${method} ${path} refused: ${what} is not allowed in read-only mode; nothing was sent to ISE.`,
  );
}
