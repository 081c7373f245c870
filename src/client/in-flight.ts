/**
 * A bound on the requests one client has in flight at once. Reading thousands of objects (an export) must not
 * open thousands of sockets at once: past a few dozen, ISE (and any proxy in front of it) only queues or drops
 * them, and the client pays in sockets, memory and collected garbage, so the whole read grows faster than the
 * number of objects. A request waits here for a slot before its attempt starts, so waiting never eats into
 * its own timeout; the slot is held only while the attempt is on the wire, not during a retry's back-off.
 */
export class InFlightLimit {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    this.#free = max;
  }

  async run<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await attempt();
    } finally {
      // Hand the slot straight to the next waiter (first come, first served), or give it back.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}
