/** The pure retry arithmetic: Retry-After parsing and the full-jitter backoff with its cap. */
import { isTransient, parseRetryAfter, type RetrySettings, retryDelayMs } from '../../../src/client/retry';

const settings = (random: number): RetrySettings => ({
  maxRetries: 3,
  baseDelayMs: 300,
  maxDelayMs: 20_000,
  sleep: async () => {},
  random: () => random,
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test('delta seconds', () => expect(parseRetryAfter('7', now)).toBe(7000));
  test('an HTTP date in the future', () =>
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000));
  test('an HTTP date in the past is no wait', () =>
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0));
  test('absent or garbage is undefined', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  test('full jitter: from 0 up to base * 2^(retry-1)', () => {
    expect(retryDelayMs(settings(0), 1)).toBe(0);
    expect(retryDelayMs(settings(0.5), 1)).toBe(150);
    expect(retryDelayMs(settings(0.5), 3)).toBe(600);
    expect(retryDelayMs(settings(0.999), 4)).toBe(2397);
  });
  test('the ceiling never exceeds the cap', () => expect(retryDelayMs(settings(0.999), 20)).toBe(19_980));
  test('Retry-After replaces the backoff, capped', () => {
    expect(retryDelayMs(settings(0.5), 1, '3')).toBe(3000);
    expect(retryDelayMs(settings(0.5), 1, '600')).toBe(20_000);
  });
});

describe('isTransient', () => {
  const response = (status: number) => ({ response: { status, contentType: '', body: '' } });
  test.each([429, 502, 503, 504])('%i is transient', (status) =>
    expect(isTransient(response(status))).toBe(true),
  );
  test.each([200, 400, 401, 403, 404, 500])('%i is not', (status) =>
    expect(isTransient(response(status))).toBe(false),
  );
  test('network errors and timeouts are transient; TLS and oversize answers are not', () => {
    const failure = (kind: 'network' | 'timeout' | 'tls' | 'too-large') => ({
      failure: { kind, code: 'X', detail: '', phase: 'request' as const },
    });
    expect(isTransient(failure('network'))).toBe(true);
    expect(isTransient(failure('timeout'))).toBe(true);
    expect(isTransient(failure('tls'))).toBe(false);
    expect(isTransient(failure('too-large'))).toBe(false);
  });
});
