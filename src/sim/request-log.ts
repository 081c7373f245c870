/**
 * The log of `/api` requests that tests and the bench read to see what a client did: which calls, in which
 * order, over which connection, and what waited on what. Entries are appended when a request arrives, so the
 * order is arrival order, and completed when the response is sent, or when the socket closes without one
 * (status 0). Times are epoch milliseconds from one monotonic clock (`performance.timeOrigin + now()`), so
 * the logs of several simulators, even in several processes, line up: a request that arrived after another
 * completed may have waited for it; one that arrived before cannot have.
 */
import type { Socket } from 'node:net';
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
  /** Connection numbers in order of first request, so a test can count sockets without holding them. */
  readonly #connections = new WeakMap<Socket, number>();
  #nextConnection = 1;

  start(method: string, path: string, socket: Socket): PendingRequest {
    let connection = this.#connections.get(socket);
    if (connection === undefined) {
      connection = this.#nextConnection++;
      this.#connections.set(socket, connection);
    }
    const startedAt = performance.now();
    const arrivedAtMs = roundMs(performance.timeOrigin + startedAt);
    const entry: SimRequest = { method, path, status: 0, durationMs: 0, connection, arrivedAtMs };
    this.#entries.push(entry);
    return { entry, startedAt, done: false };
  }

  /** Completes an entry once; later calls (e.g. the socket's close after a sent response) change nothing. */
  finish(pending: PendingRequest, status: number, fault?: FaultKind): void {
    if (pending.done) return;
    pending.done = true;
    const now = performance.now();
    pending.entry.status = status;
    pending.entry.durationMs = roundMs(now - pending.startedAt);
    pending.entry.completedAtMs = roundMs(performance.timeOrigin + now);
    if (fault) pending.entry.fault = fault;
  }

  entries(): SimRequest[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.#entries = [];
  }
}
