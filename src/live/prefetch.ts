/**
 * A client that has already sent some reads. `prefetching(client, reads)` starts every listed read at once
 * and answers those calls from the requests in flight, so a reader whose rounds depend on each other (status,
 * then lists, then details) still waits for one round trip when the caller knows beforehand what it will
 * ask: the convergence check after an apply knows the objects it touched, and the apply after the key
 * pre-flight knows it will need the AD join points.
 *
 * The prefetched answers stand for ISE's state until this client changes it: any call that is not a read
 * (by name, `get…`/`list…`; `startSync`, `testDuoConnection` and every write are not) drops them, so a read
 * after a write always goes to ISE. Reads not prefetched go to ISE as usual. A prefetched read nobody asks
 * for (an object the reader finds gone) is a wasted GET, never an unhandled rejection.
 */
import type { IseClient } from '../client/types';
import type { ClientRead } from '../resources/resource-spec';

/** `knownSecrets` sends nothing, so it leaves the prefetched answers standing like a read does. */
const isRead = (name: string) => /^(get|list)[A-Z]/.test(name) || name === 'knownSecrets';
/**
 * A read's key: its method and its names. An options argument (`getIdentitySync(name, { signal })`) is not
 * part of what is read, so a call with one is still answered by the read in flight.
 */
const keyOf = (method: string, args: readonly unknown[]) =>
  `${method}\u0000${args.filter((a) => typeof a !== 'object' || a === null).join('\u0000')}`;

export function prefetching(client: IseClient, reads: readonly ClientRead[]): IseClient {
  const inFlight = new Map<string, Promise<unknown>>();
  for (const { method, args = [] } of reads) {
    // A read listed twice (two changes that need the join points) is sent once.
    if (inFlight.has(keyOf(method, args))) continue;
    const call = client[method] as (...a: string[]) => Promise<unknown>;
    const promise = call(...args);
    promise.catch(() => {}); // whoever asks sees the rejection; nobody asking is not an error
    inFlight.set(keyOf(method, args), promise);
  }
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      if (!isRead(prop)) {
        return (...args: unknown[]) => {
          inFlight.clear();
          return value.apply(target, args);
        };
      }
      return (...args: unknown[]) => inFlight.get(keyOf(prop, args)) ?? value.apply(target, args);
    },
  });
}
