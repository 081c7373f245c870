/**
 * Sync runs (#16 start, #17 cancel) as timers, so a client sees what it would on ISE: `Pending` right after
 * the start, `Success` (with a new `lastSync`) after the configured delay (`Failed` for the seed's `failingSyncs`), or `Pending Cancellation` then
 * `Cancelled`. Timers are unref'd (they never keep a process alive) and cleared on stop and reset.
 */
import { badRequest } from './http';
import type { SimStore } from './object-store';

const pad = (n: number) => String(n).padStart(2, '0');

/** ISE's `lastSync` format: local time, `YYYY-MM-DDTHH:mm:ss`, no zone. */
export function localTimestamp(date = new Date()): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export class SyncRunner {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: SimStore,
    private readonly delayMs: number,
    /** Syncs whose runs end in `Failed` (the seed's `failingSyncs`). */
    private readonly failing: ReadonlySet<string> = new Set(),
  ) {}

  #schedule(name: string, ms: number, done: () => void): void {
    this.forget(name);
    const timer = setTimeout(() => {
      this.#timers.delete(name);
      done();
    }, ms);
    timer.unref();
    this.#timers.set(name, timer);
  }

  #finish(name: string): void {
    const outcome = this.failing.has(name) ? 'Failed' : 'Success';
    this.#schedule(name, this.delayMs, () => this.store.setSyncStatus(name, outcome, localTimestamp()));
  }

  #finishCancel(name: string): void {
    // "Pending Cancellation" lasts half a run: long enough to observe, short next to the run itself.
    this.#schedule(name, Math.ceil(this.delayMs / 2), () => this.store.setSyncStatus(name, 'Cancelled'));
  }

  start(name: string): void {
    const status = this.store.getSync(name).syncStatus;
    if (status === 'Pending' || status === 'Pending Cancellation') {
      throw badRequest(`A sync of ${JSON.stringify(name)} is already in progress`);
    }
    this.store.setSyncStatus(name, 'Pending');
    this.#finish(name);
  }

  cancel(name: string): void {
    if (this.store.getSync(name).syncStatus !== 'Pending') {
      throw badRequest(`No sync of ${JSON.stringify(name)} is in progress`);
    }
    this.store.setSyncStatus(name, 'Pending Cancellation');
    this.#finishCancel(name);
  }

  /** After loading state (a restart, a reset): runs that were in flight carry on. */
  resume(): void {
    this.stop();
    for (const sync of this.store.listSyncs()) {
      if (sync.syncStatus === 'Pending') this.#finish(sync.syncName ?? '');
      if (sync.syncStatus === 'Pending Cancellation') this.#finishCancel(sync.syncName ?? '');
    }
  }

  /**
   * The timer one sync's status calls for, replacing its own: a run Pending ends after the delay, one
   * Pending Cancellation after half of it, any other has none (a start or cancel that was put back).
   */
  reschedule(name: string): void {
    this.forget(name);
    const status = this.store.getSync(name).syncStatus;
    if (status === 'Pending') this.#finish(name);
    if (status === 'Pending Cancellation') this.#finishCancel(name);
  }

  /** Drops the timer of one sync (deleted, or rescheduled). */
  forget(name: string): void {
    clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
