/**
 * Secrets are held in `Secret` boxes from the moment they are read from the environment until the HTTP layer
 * puts them on the wire. A box prints, logs and serialises as `(sensitive)`, so a secret cannot leak through
 * `console.log`, pino, `JSON.stringify` or an error message by accident: leaking it takes an explicit `reveal()`.
 */
import { createHmac } from 'node:crypto';
import { createScrubber } from './scrubber';

const REDACTED = '(sensitive)';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The clear value. Call it only where the value goes on the wire. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/**
 * Where a request body needs a secret, the plan and the executor carry this placeholder instead of the value.
 * The client swaps in the value from its `SecretStore` just before sending.
 */
export interface SecretPlaceholder {
  $secret: string;
}

export function isSecretPlaceholder(value: unknown): value is SecretPlaceholder {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $secret?: unknown }).$secret === 'string' &&
    Object.keys(value).length === 1
  );
}

/** Secret values by reference name (see `secretRef`). Never serialised: `toJSON` gives only the names. */
export class SecretStore {
  readonly #values = new Map<string, Secret>();

  set(ref: string, value: Secret): void {
    this.#values.set(ref, value);
  }

  get(ref: string): Secret | undefined {
    return this.#values.get(ref);
  }

  has(ref: string): boolean {
    return this.#values.has(ref);
  }

  refs(): string[] {
    return [...this.#values.keys()].sort();
  }

  /** Every clear value, for scrubbing text that a server echoed back. */
  revealAll(): string[] {
    return [...this.#values.values()].map((s) => s.reveal());
  }

  toJSON(): string[] {
    return this.refs();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SecretStore(${this.refs().join(', ')})`;
  }
}

/** The reference name of a Duo connection's key field, e.g. `duo-connection/corp-duo/adminApi.skey`. */
export function secretRef(connection: string, field: DuoKeyField): string {
  return `duo-connection/${connection}/${field}`;
}

export type DuoKeyField = 'adminApi.ikey' | 'adminApi.skey' | 'authApi.ikey' | 'authApi.skey';

/**
 * A short keyed fingerprint: 12 hex digits (48 bits) of an HMAC-SHA256 scoped to one object and field.
 * It tells whether a value changed without storing the value or anything that can be turned back into it:
 * Duo keys are 40 random characters, far beyond what 48 bits could help guess. The scope keeps the same key
 * used in two connections from giving the same fingerprint.
 */
export function fingerprint(scope: string, value: string): string {
  return createHmac('sha256', `ise-duo/fingerprint/v1/${scope}`)
    .update(value, 'utf8')
    .digest('hex')
    .slice(0, 12);
}

/**
 * Replaces every occurrence of any of `secrets` in `text`, in any of the encodings a server may quote it in,
 * and every fragment of 8 or more characters of one, with `(sensitive)` (see `scrubber.ts`).
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  return createScrubber(secrets)(text);
}

/** Fingerprint of one ikey, scoped to its connection and field. */
export function ikeyFingerprint(
  connection: string,
  field: 'adminApi.ikey' | 'authApi.ikey',
  value: string,
): string {
  return fingerprint(secretRef(connection, field), value);
}

/** Fingerprints of a connection's two sKeys, each scoped to its field: which of them differs, not that one does. */
export function sKeyFingerprints(connection: string, adminSkey: string, authSkey: string) {
  return {
    admin: fingerprint(secretRef(connection, 'adminApi.skey'), adminSkey),
    auth: fingerprint(secretRef(connection, 'authApi.skey'), authSkey),
  };
}

/** Fingerprint of a connection's two sKeys together: the value kept in the description marker. */
export function sKeysFingerprint(connection: string, adminSkey: string, authSkey: string): string {
  return fingerprint(`duo-connection/${connection}/skeys`, `${adminSkey}\n${authSkey}`);
}
