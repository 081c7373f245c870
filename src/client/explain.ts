/**
 * What a failure probably means and what to do about it, for the causes an ISE admin meets in practice.
 * The texts end up in ApiError.details.explanation and at the end of the one-line message, so each one is a
 * sentence or two that names the setting or the ISE menu to look at. Unknown causes get no explanation rather
 * than a guess.
 */
import { CONNECT_TIMEOUT_CODE } from './agent';
import type { TransportFailure } from './http';
import { REQUEST_TIMEOUT_CODE } from './http';

export const STATUS_PATH = '/api/v1/duo-mfa/status';
const DUO_PREFIXES = ['/api/v1/duo-mfa/', '/api/v1/duo-identitysync/'];
/** A policy set's MFA rules: `/api/v1/policy/{kind}/policy-set/{id}/mfa[/{ruleId}]`. */
const MFA_RULES_PATH = /^\/api\/v1\/policy\/[^/]+\/policy-set\/[^/]+\/mfa(\/[^/]+)?$/;

/** ERS (`/ers/config/...`): what ise-duo reads there while MFA is off (the AD names). */
const ERS_PREFIX = '/ers/';

/** An HTML page from ERS: ISE answers the Open API on the same URL, so the URL is not what is wrong. */
const ERS_HTML_EXPLANATION =
  "The answer is an HTML page, not JSON: ISE's ERS API is probably off or not open to this account (ERS " +
  'Settings under Administration > System > Settings > API Settings), or a proxy answered for it.';

const HTML_EXPLANATION =
  'The answer is an HTML page, not JSON: an error page from ISE or from a proxy. Is the URL right ' +
  '(https://<ISE PAN>:443, no path; the Open API is not on the ERS port 9060)?';

/** Why ISE (or something in front of it) would answer `path` with an HTML page. */
export function htmlExplanation(path: string): string {
  return path.startsWith(ERS_PREFIX) ? ERS_HTML_EXPLANATION : HTML_EXPLANATION;
}

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);

export interface ExplainContext {
  method: string;
  path: string;
  /** `host:port` of baseUrl. */
  host: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** The CA file ISE is verified against, when one is set (its CAs are then the only ones trusted). */
  caFile?: string;
  /** The URL is plain http:// (a simulator on this machine): a reset there is often an HTTPS port. */
  plainHttp?: boolean;
}

export function explainStatus(
  ctx: ExplainContext,
  status: number,
  html: boolean,
  location?: string,
): string | undefined {
  if (status === 401) {
    return (
      'Check the ISE username and password, and that the Open API service is enabled on ISE ' +
      '(Administration > System > Settings > API Settings). ISE locks an account after a few ' +
      'failed logins in a row, so ise-duo sends one request until ISE accepts the credentials; fix them before ' +
      'running again.'
    );
  }
  if (status === 403 && DUO_PREFIXES.some((p) => ctx.path.startsWith(p))) {
    return (
      'The Duo MFA feature is probably disabled on ISE (enable it first), or the ISE admin lacks the role ' +
      'for the Duo API. ISE also answers 403 for some names that do not exist.'
    );
  }
  if (status === 403 && MFA_RULES_PATH.test(ctx.path)) {
    return (
      'ISE refuses MFA rules while the Duo MFA feature is disabled (enable it first), or the ISE admin lacks ' +
      'the role for policy changes.'
    );
  }
  if (status === 404 && ctx.path === STATUS_PATH && !html) {
    return 'ISE is older than 3.3 Patch 1: the Duo MFA API does not exist there.';
  }
  if (status === 404 && MFA_RULES_PATH.test(ctx.path) && !html) {
    return (
      'The policy set or the rule no longer exists on ISE (changed since it was read?), or this ISE has no ' +
      'MFA-rule API (ISE 3.3 Patch 1 or later is needed): run plan again.'
    );
  }
  if (html) return htmlExplanation(ctx.path);
  if (status >= 300 && status < 400) {
    return `ISE redirected the request${location ? ` to ${location}` : ''}: check the baseUrl (https://<ISE PAN>:443, no path).`;
  }
  if (status === 429) return 'ISE is rate-limiting requests: wait a little and run again.';
  if (status === 502 || status === 503 || status === 504) {
    return 'ISE, or a proxy in front of it, is unavailable or overloaded: try again later.';
  }
  if (status >= 500)
    return "ISE failed while handling the request: look it up in ISE's logs by its request id.";
  return undefined;
}

export function explainTransport(ctx: ExplainContext, failure: TransportFailure): string {
  switch (failure.kind) {
    case 'tls':
      return explainTls(failure, ctx.caFile);
    case 'timeout':
      return explainTimeout(ctx, failure);
    case 'too-large':
      return 'The answer is larger than maxResponseBytes: this is not a response ISE sends; is the URL right?';
    default:
      return explainNetwork(ctx, failure);
  }
}

function explainTls(failure: TransportFailure, caFile: string | undefined): string {
  if (UNTRUSTED_CODES.has(failure.code) && caFile) {
    return (
      `ISE's certificate is not trusted by caFile ${caFile}: it does not hold the CA that issued ISE's ` +
      "admin certificate, or not its root (with caFile, only the file's CAs are trusted, not Node's public " +
      'roots). Put the whole chain in it, root included.'
    );
  }
  if (UNTRUSTED_CODES.has(failure.code)) {
    return (
      "ISE's certificate is not trusted (self-signed or unknown CA). Add `caFile: <path to ISE's CA PEM>` " +
      "(the CA that issued ISE's admin certificate); `insecure: true` is for labs only."
    );
  }
  if (failure.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || failure.code === 'HOSTNAME_MISMATCH') {
    return (
      `ISE's certificate is for another host name (${failure.detail}). Fix the URL host: use a name ` +
      'the certificate was issued for (see its Subject Alternative Names).'
    );
  }
  if (failure.code === 'CERT_HAS_EXPIRED' || failure.code === 'CERT_NOT_YET_VALID') {
    return "ISE's certificate is expired or not valid yet: renew it on ISE, or check the clocks.";
  }
  return `The TLS handshake with ISE failed (${failure.code}): is the port of the URL an HTTPS port of ISE?`;
}

function explainTimeout(ctx: ExplainContext, failure: TransportFailure): string {
  if (failure.code === CONNECT_TIMEOUT_CODE) {
    return (
      `No connection to ${ctx.host} within ${ctx.connectTimeoutMs} ms: check the host and port, firewalls ` +
      'and routes, or raise ise.connectTimeoutSeconds in the file.'
    );
  }
  if (failure.code === REQUEST_TIMEOUT_CODE) {
    return `ISE did not answer within ${ctx.requestTimeoutMs} ms: ISE may be busy; raise ise.requestTimeoutSeconds in the file if it is slow.`;
  }
  return `The connection to ${ctx.host} timed out (${failure.code}): check the network path to ISE.`;
}

function explainNetwork(ctx: ExplainContext, failure: TransportFailure): string {
  switch (failure.code) {
    case 'ECONNREFUSED':
      return `ISE is unreachable at ${ctx.host}: nothing accepts connections there. Check the URL host and port.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `ISE is unreachable: the host name of ${ctx.host} does not resolve. Check the URL host and DNS.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `ISE is unreachable at ${ctx.host}: no route to the host. Check the URL and the network.`;
    case 'ECONNRESET':
    case 'EPIPE':
      // A TLS server answers a plain HTTP request by dropping the connection.
      return ctx.plainHttp
        ? 'The connection was dropped before ISE answered (reset or socket hang up). The URL is http://: if ' +
            'this port serves HTTPS (ISE, or a simulator started with --tls-cert), use https://.'
        : 'The connection was dropped before ISE answered (reset or socket hang up).';
    default:
      return `The connection to ${ctx.host} failed (${failure.code}).`;
  }
}
