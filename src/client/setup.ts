/**
 * From IseClientOptions to a ready Engine: defaults, URL and caFile checks (UsageError before anything is
 * sent), the warnings an operator must see (TLS verification off, credentials over plain http), and the
 * transport. Separate from the API methods so that `asReadOnly()` can share the same transport.
 */
import type { Logger } from 'pino';
import { UsageError } from '../errors';
import { silentLogger } from '../logger';
import { isLoopbackHost } from '../model/ise-url';
import { createTransport } from './http';
import { InFlightLimit } from './in-flight';
import type { Engine } from './request';
import { realSleep } from './retry';
import { readCaFile } from './tls-context';
import type { IseClientOptions } from './types';

export const CLIENT_DEFAULTS = {
  connectTimeoutMs: 5000,
  requestTimeoutMs: 30000,
  maxRetries: 3,
  retryBaseDelayMs: 300,
  retryMaxDelayMs: 20000,
  maxResponseBytes: 5 * 1024 * 1024,
} as const;

/** Hooks for tests only: not part of IseClientOptions. */
export interface IseClientInternals {
  /** Replaces the real wait between retries. */
  sleep?: (ms: number) => Promise<void>;
  /** Replaces Math.random for the backoff jitter. */
  random?: () => number;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`baseUrl ${baseUrl} is not a URL`, 'Use https://<ISE PAN>[:port].');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`baseUrl ${baseUrl} is not an http(s) URL`, 'Use https://<ISE PAN>[:port].');
  }
  return url;
}

function warnAboutTransportSecurity(url: URL, insecure: boolean, logger: Logger): void {
  if (insecure && url.protocol === 'https:') {
    logger.warn(
      { baseUrl: url.origin },
      "TLS verification is OFF (insecure: true): anyone between here and ISE can read the credentials and keys. Use caFile with ISE's CA instead.",
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    logger.warn({ baseUrl: url.origin }, 'baseUrl is plain http: credentials and keys travel unencrypted.');
  }
}

/** Checks the options and builds the engine the API methods run on. Throws UsageError on bad options. */
export function createEngine(options: IseClientOptions, internals: IseClientInternals = {}): Engine {
  const url = parseBaseUrl(options.baseUrl);
  const logger = options.logger ?? silentLogger();
  const ca = options.caFile ? readCaFile(options.caFile) : undefined;
  const insecure = options.insecure === true;
  warnAboutTransportSecurity(url, insecure, logger);
  const connectTimeoutMs = options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs;
  const transport = createTransport({
    baseUrl: url.href.replace(/\/+$/, ''),
    connectTimeoutMs,
    requestTimeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? CLIENT_DEFAULTS.maxResponseBytes,
    insecure,
    ca,
  });
  return {
    transport,
    retry: {
      maxRetries: options.maxRetries ?? CLIENT_DEFAULTS.maxRetries,
      baseDelayMs: options.retryBaseDelayMs ?? CLIENT_DEFAULTS.retryBaseDelayMs,
      maxDelayMs: options.retryMaxDelayMs ?? CLIENT_DEFAULTS.retryMaxDelayMs,
      sleep: internals.sleep ?? realSleep,
      random: internals.random ?? Math.random,
    },
    readOnly: options.readOnly === true,
    allowConnectionTest: options.allowConnectionTest === true,
    stopWrites: options.stopWrites,
    stopReads: options.stopReads,
    inFlight: options.maxInFlight ? new InFlightLimit(options.maxInFlight) : undefined,
    journal: options.journal,
    username: options.username,
    password: options.password,
    secrets: options.secrets,
    logger,
    explain: {
      host: url.host,
      connectTimeoutMs,
      requestTimeoutMs,
      caFile: options.caFile,
      plainHttp: url.protocol === 'http:',
    },
  };
}
