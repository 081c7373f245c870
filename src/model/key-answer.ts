/**
 * Whether a Duo key ISE sent back on GET is the key itself or a mask of it. ISE may return keys in clear,
 * masked or not at all, and its API does not say which or how (reference §3.2): `******` is one mask, but
 * so are a key with all but its last characters starred (`****…0000`), a run of `x` and bullets. A mask read
 * as a key would make every plan "change" the keys and no apply converge; a key read as a mask only falls
 * back to the fingerprint marker. So only what looks like a key counts: 20 or more characters, none of them
 * a mask character or white space, and no character making up three quarters of it (`XXXX…1234`; a random
 * key never comes close).
 */

const MASK_CHARACTER = /[*•●·…\s]/u;
const SHORTEST_KEY = 20;

export function isClearKey(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const key = value.trim();
  if (key.length < SHORTEST_KEY || MASK_CHARACTER.test(key)) return false;
  const counts = new Map<string, number>();
  for (const c of key.toLowerCase()) counts.set(c, (counts.get(c) ?? 0) + 1);
  return Math.max(...counts.values()) * 4 <= key.length * 3;
}
