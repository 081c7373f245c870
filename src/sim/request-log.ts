/**
 * The log of `/api` requests that tests read to assert what a client did (which calls, in which order, how
 * long they took). Entries are appended when a request arrives, so the order is arrival order, and completed
 * when the response is sent, or when the socket closes without one (status 0).
 */
import { performance } from 'node:perf_hooks';
import type { FaultKind, SimRequest } from './types';

export interface PendingRequest {
  entry: SimRequest;
  startedAt: number;
  done: boolean;
}

const roundMs = (ms: number) => Math.round(ms * 10) / 10;

export class RequestLog {
  #entries: SimRequest[] = [];

  start(method: string, path: string): PendingRequest {
    const entry: SimRequest = { method, path, status: 0, durationMs: 0 };
    this.#entries.push(entry);
    return { entry, startedAt: performance.now(), done: false };
  }

  /** Completes an entry once; later calls (e.g. the socket's close after a sent response) change nothing. */
  finish(pending: PendingRequest, status: number, fault?: FaultKind): void {
    if (pending.done) return;
    pending.done = true;
    pending.entry.status = status;
    pending.entry.durationMs = roundMs(performance.now() - pending.startedAt);
    if (fault) pending.entry.fault = fault;
  }

  entries(): SimRequest[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.#entries = [];
  }
}
