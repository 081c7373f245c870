/**
 * One abort signal shared by thousands of requests (the command's Ctrl-C signal, which stops every read of a
 * fleet run), fanned out without a listener per request on it. An AbortSignal is an EventTarget: each
 * request adding and removing its own listener costs a scan of the list on removal, and past ten listeners
 * Node prints "MaxListenersExceededWarning: Possible EventTarget memory leak" on stderr. Here the signal
 * gets one listener, and the requests in flight sit in a Set.
 */
export class StopSignal {
  readonly #waiting = new Set<() => void>();
  #stopped = false;

  constructor(signal: AbortSignal) {
    if (signal.aborted) this.#stopped = true;
    else signal.addEventListener('abort', () => this.#stop(), { once: true });
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Calls `onStop` when the signal fires (at once if it has); returns what takes it back. */
  onStop(onStop: () => void): () => void {
    if (this.#stopped) {
      onStop();
      return () => {};
    }
    this.#waiting.add(onStop);
    return () => this.#waiting.delete(onStop);
  }

  #stop(): void {
    this.#stopped = true;
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const fn of waiting) fn();
  }
}

const fannedOut = new WeakMap<AbortSignal, StopSignal>();

/** The process's one StopSignal for `signal`. */
export function stopSignalFor(signal: AbortSignal): StopSignal {
  let stop = fannedOut.get(signal);
  if (!stop) {
    stop = new StopSignal(signal);
    fannedOut.set(signal, stop);
  }
  return stop;
}
