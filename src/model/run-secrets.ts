/**
 * Every secret value a run has learnt, for the last scrub of what it prints: its error messages, its debug
 * log of a failure and a fleet's grouped output. Each target scrubs its own output of its own secrets; this
 * catches what crosses from one to another (in a fleet, file B's description holding file A's Duo key), and
 * text quoted before a target's secrets were known (a command-line argument or a saved plan's field that
 * holds the ISE password). The CLI seeds it with ISE_PASSWORD; each target adds its file's keys and the
 * password it will send once loaded.
 */
import { createScrubber, type Scrub } from './scrubber';

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
    this.#scrub ??= createScrubber([...this.#values]);
    return this.#scrub(text);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `RunSecrets(${this.#values.size})`;
  }

  toJSON(): string {
    return `RunSecrets(${this.#values.size})`;
  }
}
