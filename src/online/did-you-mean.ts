/**
 * "Did you mean" for names checked against ISE. The usual mistakes with AD names are case (`corp_ad` for
 * `CORP_AD`, `VPN users` for `VPN Users`) and a character or two (`CORP-AD`), so: a case-insensitive match
 * wins outright; otherwise the closest name by edit distance, if it is close enough to be a plausible typo
 * (at most a third of the name's length, and at most 8 edits for long group paths).
 */

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

export function closestName(wanted: string, known: readonly string[]): string | undefined {
  const folded = wanted.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === folded);
  if (sameCase) return sameCase;
  const limit = Math.min(8, Math.max(1, Math.floor(wanted.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(folded, name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * The characters of `wanted` beyond ASCII that `close` does not have, as `U+0435 at character 2`: a
 * Cyrillic `е` pasted from a chat looks like the `e` of "Default", and a suggestion that reads exactly like
 * the name given would leave the reader none the wiser. Up to three, counted in characters (code points).
 */
function lookAlikes(wanted: string, close: string): string[] {
  const theirs = new Set(close);
  const found: string[] = [];
  [...wanted].forEach((ch, i) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0x7e && !theirs.has(ch) && found.length < 3) {
      found.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${i + 1}`);
    }
  });
  return found;
}

/** `; did you mean "X"?`, or '' when no known name is close. */
export function didYouMean(wanted: string, known: readonly string[]): string {
  const close = closestName(wanted, known);
  if (!close) return '';
  const odd = lookAlikes(wanted, close);
  const note =
    odd.length > 0
      ? ` (the name given holds ${odd.join(', ')}, not the ASCII character it may look like)`
      : '';
  return `; did you mean "${close}"?${note}`;
}
