/**
 * What a call's log lines and error messages may show of it: its path with names holding a secret hidden,
 * and a scrubber of every secret the engine knows plus those inlined in the call's body. Built lazily: most
 * calls succeed and never quote the server.
 */
import { pathForDisplay } from '../model/path-for-display';
import { createScrubber, type Scrub } from '../model/scrubber';
import type { CallContext } from './failures';
import { inlineSecretValues, secretValues } from './placeholders';
import type { CallSpec, Engine } from './request';

/**
 * The scrubber of everything the engine knows (every key of the file, the password, the Basic credentials),
 * built once per engine: it indexes every 8-character window of every encoded form of each value, which for
 * a file of hundreds of connections costs milliseconds, and a successful connection test scrubs the message.
 */
const engineScrubbers = new WeakMap<Engine, Scrub>();

function engineScrubber(engine: Engine): Scrub {
  let scrub = engineScrubbers.get(engine);
  if (!scrub) {
    scrub = createScrubber(secretValues(engine.secrets, engine.username, engine.password));
    engineScrubbers.set(engine, scrub);
  }
  return scrub;
}

/** The call's path as logs and messages show it: names holding a secret hidden (`path-for-display.ts`). */
export function shownPath(engine: Engine, spec: CallSpec): string {
  return pathForDisplay(spec.path, engineScrubber(engine));
}

/** The call's scrubber is built on first use (most calls never quote the server) and kept for the call. */
export function contextFor(engine: Engine, spec: CallSpec, requestId: string): CallContext {
  let scrub: Scrub | undefined;
  let shown: string | undefined;
  const { host, connectTimeoutMs, requestTimeoutMs, caFile, plainHttp } = engine.explain;
  // Named, not spread: made for every successful call, and read only if the answer turns out bad.
  return {
    host,
    connectTimeoutMs,
    requestTimeoutMs,
    caFile,
    plainHttp,
    method: spec.method,
    // Worked out only when a message is written: every error, bad answers to successful calls included.
    get path() {
      shown ??= shownPath(engine, spec);
      return shown;
    },
    requestId,
    scrub: (text) => {
      if (!scrub) {
        const inline = inlineSecretValues(spec.body);
        const known = engineScrubber(engine);
        const own = inline.length ? createScrubber(inline) : undefined;
        scrub = own ? (t) => own(known(t)) : known;
      }
      return scrub(text);
    },
  };
}
