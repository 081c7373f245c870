/**
 * axios, loaded without its fetch probe. The client uses axios's Node http adapter only (agents, TLS and
 * timeouts are configured on Node's sockets, see agent.ts), but when axios loads it probes the fetch API:
 * it reads `globalThis.Request`, `Response` and `FormData`, and Node 20 defines those as lazy getters that
 * load its bundled undici, about 19 more modules on every run that sends a request. Hiding the three (and
 * `fetch`) while axios's module body runs makes the probe find no fetch API, so axios leaves its fetch
 * adapter out; the original property descriptors are put back untouched, so nothing else sees a change and
 * undici still loads if other code uses fetch.
 */
import type * as AxiosModule from 'axios';

const PROBED = ['fetch', 'Request', 'Response', 'FormData'] as const;

function loadWithoutFetchProbe(): typeof AxiosModule.default {
  const saved = PROBED.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name] of saved) {
    Object.defineProperty(globalThis, name, { value: undefined, configurable: true, writable: true });
  }
  try {
    return (require('axios') as typeof AxiosModule).default;
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }
}

export const axios = loadWithoutFetchProbe();
