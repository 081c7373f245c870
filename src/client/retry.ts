/**
 * When to try again and how long to wait. Kept apart from the HTTP code so the rules can be read (and tested)
 * in one place:
 * - only idempotent calls are retried: GET reads, PUT and DELETE. A POST is never re-sent, and neither are the
 *   GETs that start or cancel a sync: re-sending them could do the thing twice;
 * - retried failures: connection errors, timeouts, 429, 502, 503, 504. Any other status is an answer;
 * - waits use full-jitter exponential backoff, or the server's `Retry-After`, never more than the cap.
 */
import type { Attempt } from './http';

export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected by tests so they never wait for real. */
  sleep: (ms: number) => Promise<void>;
  /** Injected by tests for deterministic jitter; returns a number in [0, 1). */
  random: () => number;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Statuses after which a sent write may or may not have taken effect. */
export const OUTCOME_UNKNOWN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether this attempt's result is a transient failure worth another attempt (for a retryable call). */
export function isTransient(attempt: Attempt): boolean {
  if ('response' in attempt) return RETRYABLE_STATUSES.has(attempt.response.status);
  const { kind } = attempt.failure;
  return kind === 'network' || kind === 'timeout';
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its weekday and month; anything else (e.g. "-5") is not a date however Date.parse reads it.
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1 for the first retry). Full jitter: uniform in
 * [0, min(cap, base * 2^(retry-1))). A `Retry-After` from the server replaces it, capped too.
 */
export function retryDelayMs(settings: RetrySettings, retry: number, retryAfter?: string): number {
  const asked = parseRetryAfter(retryAfter);
  if (asked !== undefined) return Math.min(asked, settings.maxDelayMs);
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(settings.random() * ceiling);
}
