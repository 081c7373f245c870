/**
 * Every secret value a run has learnt, for the last scrub of what it prints: its error messages, its debug
 * log of a failure and a fleet's grouped output. Each target scrubs its own output of its own secrets; this
 * catches what crosses from one to another (in a fleet, file B's description holding file A's Duo key), and
 * text quoted before a target's secrets were known (a command-line argument or a saved plan's field that
 * holds the ISE password). The CLI seeds it with ISE_PASSWORD; each target adds its file's keys and the
 * password it will send once loaded. Values are removed whole (in every encoding), not by their pieces.
 */

import { encodedForms, FRAGMENT, SCRUBBED, type Scrub } from './scrubber';
import { heldSecrets } from './secret-matcher';

/** As the server-text scrubber: shorter values would blank out ordinary words. */
const SHORTEST = 4;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes each secret whole, in every encoding the server-text scrubber knows, ignoring case. Not its
 * 8-character pieces: this runs over ise-duo's own wording, which quotes values whole, and a piece rule
 * there blanked words a secret shares ("rejected" in "Duo rejected the new keys", "password" in a hint).
 * The long forms are found with the live reader's rolling-hash index (one step per character, however many
 * secrets a fleet has); the few short ones (a short password) with one expression.
 */
function wholeValueScrubber(secrets: readonly string[]): Scrub {
  const long = new Set<string>();
  const short = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < SHORTEST) continue;
    for (const form of encodedForms(secret)) (form.length < FRAGMENT ? short : long).add(form);
  }
  const hideLong = long.size > 0 ? heldSecrets(long).hide : (text: string) => text;
  const pattern =
    short.size > 0
      ? new RegExp(
          [...short]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'gi',
        )
      : undefined;
  return (text) => {
    const out = hideLong(text);
    return pattern ? out.replace(pattern, SCRUBBED) : out;
  };
}

/**
 * Variables whose names say they hold a secret: ISE_PASSWORD, and the sKeys the examples and `export` name
 * (`DUO_ADMIN_SKEY`, `LAB_DUO_AUTH_SKEY`), with other common spellings of a secret's name. A run knows which
 * variables its file references only once the file is loaded, but a command-line value can be quoted before
 * that (`--parallelism "$DUO_ADMIN_SKEY"`, a mistyped flag), so these seed the scrub from the first line.
 * Names, not values, pick them: a value test would blank ordinary settings that look random. Apart from
 * ISE_PASSWORD (always the secret it says), a value shorter than 8 characters is left out: a flag such as
 * `USE_SECRET=true` would otherwise blank every "true" the run prints.
 */
const SECRET_NAME = /(?:^|_)(?:[A-Z]*SKEY|PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY)(?:_|$)/i;
const SHORTEST_GUESSED = 8;

/** Whether a variable's name says it holds a secret (ISE_PASSWORD, DUO_ADMIN_SKEY, CI_API_TOKEN, …). */
export const namedAsSecret = (name: string): boolean => name === 'ISE_PASSWORD' || SECRET_NAME.test(name);

export function secretsOfEnvironment(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env).flatMap(([name, value]) =>
    value && (name === 'ISE_PASSWORD' || (value.length >= SHORTEST_GUESSED && SECRET_NAME.test(name)))
      ? [value]
      : [],
  );
}

export class RunSecrets {
  readonly #values = new Set<string>();
  #scrub: Scrub | undefined;

  constructor(values: Iterable<string | undefined> = []) {
    this.add(values);
  }

  add(values: Iterable<string | undefined>): void {
    for (const value of values) {
      if (value && !this.#values.has(value)) {
        this.#values.add(value);
        this.#scrub = undefined; // built again, with the new value, on the next scrub
      }
    }
  }

  /** Whether no secret is known yet. */
  get empty(): boolean {
    return this.#values.size === 0;
  }

  scrub(text: string): string {
    if (this.#values.size === 0) return text;
    this.#scrub ??= wholeValueScrubber([...this.#values]);
    return this.#scrub(text);
  }

  /** `value` with every string in it scrubbed, a few levels down (an error's fields, a fleet's results). */
  scrubDeep<T>(value: T, depth = 32): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (depth === 0 || value === null || typeof value !== 'object' || this.#values.size === 0) return value;
    if (Array.isArray(value)) return value.map((v) => this.scrubDeep(v, depth - 1)) as T;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = this.scrubDeep(v, depth - 1);
    return copy as T;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `RunSecrets(${this.#values.size})`;
  }

  toJSON(): string {
    return `RunSecrets(${this.#values.size})`;
  }
}
