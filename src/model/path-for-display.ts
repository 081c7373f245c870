/**
 * A request path as a log line or an error message shows it.
 *
 * Paths name ISE objects, and a name on ISE can hold a secret (an admin pasted a key into it). Known secrets
 * are scrubbed. That is not enough: export reads every connection by name, concurrently, so the GET of a
 * connection named after another connection's sKey can finish before the read that shows the sKey is one.
 * So a word of 30 or more characters without spaces, the shape of a Duo secret key, is hidden too, unless
 * it is an ID (ISE's IDs are UUIDs, and a debugging reader needs them). Long names without spaces lose
 * their text in debug lines and error messages; the request ID and the plan still say which call it was.
 */
import { SCRUBBED, type Scrub } from './scrubber';

/** secret-shapes.ts takes 30-128 printable characters as a Duo secret key; this matches any such run. */
const KEY_SHAPED = /[\x21-\x7e]{30,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape: show it as sent
  }
}

function hideKeyShaped(text: string): string {
  return text.replace(KEY_SHAPED, (word) => (UUID.test(word) ? word : SCRUBBED));
}

/** ise-duo's paths have no query string, so every segment between slashes is one name or word. */
export function pathForDisplay(path: string, scrub: Scrub): string {
  return path
    .split('/')
    .map((segment) => {
      const text = decoded(segment);
      const hidden = hideKeyShaped(scrub(text));
      return hidden === text ? segment : encodeURIComponent(hidden);
    })
    .join('/');
}
