import type { GenericAbortSignal } from 'axios';

type AbortListener = (event: { type: 'abort' }) => void;

/**
 * The whole-request deadline, handed to axios as the request's abort signal. axios types `signal` as a
 * GenericAbortSignal (`aborted`, add/removeEventListener) and uses nothing more; a Node AbortController
 * costs an EventTarget per request and its listener bookkeeping on every add and remove; this is a timer
 * and a list for the one listener axios adds. `aborted` tells a timeout from any other failure.
 */
export class Deadline implements GenericAbortSignal {
  aborted = false;
  #listeners: AbortListener[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.#timer = setTimeout(Deadline.#fire, ms, this);
  }

  static #fire(deadline: Deadline): void {
    deadline.aborted = true;
    const listeners = deadline.#listeners;
    deadline.#listeners = [];
    for (const listener of listeners) listener({ type: 'abort' });
  }

  addEventListener(_type: 'abort', listener: AbortListener): void {
    this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: AbortListener): void {
    const at = this.#listeners.indexOf(listener);
    if (at !== -1) this.#listeners.splice(at, 1);
  }

  /** Fires now: the caller abandoned the request before its deadline. */
  abort(): void {
    if (this.aborted) return;
    clearTimeout(this.#timer);
    Deadline.#fire(this);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
