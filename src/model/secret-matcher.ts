/**
 * Which strings hold a known secret: a set of secrets indexed once by their first FRAGMENT characters (and
 * the hash of those), so that a string is scanned with one rolling-hash step per character and compared
 * only on a hit. Matching ignores ASCII case; a secret shorter than FRAGMENT matches only a whole value (or,
 * in `hide`, a whole quoted name), so that a short password does not match every word that holds it. Used
 * by the live reader (ISE values that hold a secret, `src/live/held-secrets.ts`) and by the loader (file
 * values that hold one, `src/desired/secret-reuse.ts`).
 */
import { asciiLower, FRAGMENT, P, P_TOP, SCRUBBED, windowHash } from './scrubber';

/** As the scrubber: shorter values would blank out ordinary words. */
const SHORTEST = 4;

export interface HeldSecrets {
  /** Whether `value` contains a known secret (or is one, for the short ones). */
  holds(value: string): boolean;
  /** `message` (ise-duo's text quoting ISE's names) with each secret in it replaced by the marker. */
  hide(message: string): string;
}

/**
 * A check for `secrets`; each is lower-cased once, and indexed by its first FRAGMENT characters and their
 * hash, so that a value is scanned with one hash step per character and a string is made only on a hit.
 */
export function heldSecrets(secrets: Iterable<string>): HeldSecrets {
  const byHead = new Map<string, string[]>();
  const heads = new Set<number>();
  const short = new Set<string>();
  // Files often take the same key for every connection: each value once.
  for (const secret of new Set(secrets)) {
    if (secret.length < SHORTEST) continue;
    const lower = asciiLower(secret);
    if (lower.length < FRAGMENT) short.add(lower);
    else {
      const head = lower.slice(0, FRAGMENT);
      const same = byHead.get(head);
      if (same) same.push(lower);
      else byHead.set(head, [lower]);
      heads.add(windowHash(head, 0));
    }
  }
  /** The first secret in `lower` at or after `from`: its start and length. */
  const find = (lower: string, from: number): [number, number] | undefined => {
    if (byHead.size === 0 || lower.length - from < FRAGMENT) return undefined;
    let h = windowHash(lower, from);
    for (let i = from; i + FRAGMENT <= lower.length; i++) {
      if (i > from) {
        const dropped = Math.imul(lower.charCodeAt(i - 1), P_TOP);
        h = (Math.imul((h - dropped) | 0, P) + lower.charCodeAt(i + FRAGMENT - 1)) | 0;
      }
      if (!heads.has(h)) continue;
      const found = byHead.get(lower.slice(i, i + FRAGMENT))?.find((s) => lower.startsWith(s, i));
      if (found) return [i, found.length];
    }
    return undefined;
  };
  return {
    holds: (value) => {
      // Shorter than any secret and than FRAGMENT: it can only be one of the short ones, whole.
      if (value.length < FRAGMENT && short.size === 0) return false;
      const lower = asciiLower(value);
      return short.has(lower) || find(lower, 0) !== undefined;
    },
    hide: (message) => {
      const lower = asciiLower(message);
      let out = '';
      let kept = 0;
      for (let hit = find(lower, 0); hit; hit = find(lower, kept)) {
        out += message.slice(kept, hit[0]) + SCRUBBED;
        kept = hit[0] + hit[1];
      }
      out += message.slice(kept);
      // A short one only as a whole quoted name, the way the messages quote ISE's names.
      for (const s of short) {
        out = out.replace(new RegExp(`"${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'gi'), `"${SCRUBBED}"`);
      }
      return out;
    },
  };
}
