/**
 * Shared set-up for the client's unit tests: a client aimed at a nock host, a logger that captures every line
 * at trace level, a recorded sleep (no real waits), and canary secrets whose leaks the tests look for.
 */
import { Writable } from 'node:stream';
import { createIseClient, type IseClientInternals } from '../../../src/client/ise-client';
import { resetLoginGates } from '../../../src/client/login-gate';
import type { IseClient, IseClientOptions } from '../../../src/client/types';
import { ApiError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { Secret, SecretStore } from '../../../src/model/secret';
import nock from '../../helpers/nock';

export const BASE = 'https://127.0.0.1:59443';
export const USERNAME = 'ers-admin';
export const PASSWORD = 'canary-password-7f3c91';
export const ADMIN_SKEY = 'canary-admin-skey-0a1b2c3d4e5f';
export const AUTH_SKEY = 'canary-auth-skey-9z8y7x6w5v4u';
export const ADMIN_SKEY_REF = 'duo-connection/corp duo/adminApi.skey';
export const AUTH_SKEY_REF = 'duo-connection/corp duo/authApi.skey';
export const BASIC_B64 = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
export const CANARIES = [PASSWORD, ADMIN_SKEY, AUTH_SKEY, BASIC_B64];

export interface Harness {
  client: IseClient;
  /** Every log line written, as raw JSON text. */
  logLines: string[];
  /** The delays the client asked to sleep, in order. */
  sleeps: number[];
}

export function secretStore(): SecretStore {
  const store = new SecretStore();
  store.set(ADMIN_SKEY_REF, new Secret(ADMIN_SKEY));
  store.set(AUTH_SKEY_REF, new Secret(AUTH_SKEY));
  return store;
}

export function harness(
  overrides: Partial<IseClientOptions> = {},
  internals: IseClientInternals = {},
): Harness {
  const logLines: string[] = [];
  const sleeps: number[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const client = createIseClient(
    {
      baseUrl: BASE,
      username: USERNAME,
      password: new Secret(PASSWORD),
      secrets: secretStore(),
      logger: createLogger({ level: 'trace', destination, pretty: false }),
      requestTimeoutMs: 2000,
      ...overrides,
    },
    {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...internals,
    },
  );
  return { client, logLines, sleeps };
}

export function ise(): nock.Scope {
  return nock(BASE);
}

/** Runs `fn`, expecting it to reject, and returns the rejection. */
export async function failure(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

/** Runs `fn`, expecting an ApiError. */
export async function apiFailure(fn: () => Promise<unknown>): Promise<ApiError> {
  const err = await failure(fn);
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${err.name}: ${err.message}`);
  return err;
}

export function resetNock(): void {
  nock.cleanAll();
  // A 401 is remembered for the process (src/client/login-gate.ts); each test starts with no answer known.
  resetLoginGates();
}

/** A Node-style socket error for nock's replyWithError (nock 14 needs an Error, not a plain object). */
export function netError(code: string, message: string = code): Error {
  return Object.assign(new Error(message), { code });
}
