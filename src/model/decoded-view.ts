/**
 * Text as a server may have encoded it character by character, decoded, with where each decoded character
 * came from. A server quotes a value back percent-encoded by another encoder than JavaScript's (Java's
 * `URLEncoder` encodes `!'()~` and `-`, some encode every character) or as HTML character references
 * (`&#x21;`, `&#33;`, `&excl;`), and may mix encoded and plain characters freely: no list of whole-value
 * encodings covers every mix, while the decoded text holds the value as it is. The scrubber matches a
 * secret's windows in the view and removes the source spans they cover (`scrubber.ts`).
 */

/** The named references a server's HTML escaping uses for ASCII punctuation. */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  excl: '!',
  num: '#',
  dollar: '$',
  percnt: '%',
  lpar: '(',
  rpar: ')',
  ast: '*',
  plus: '+',
  comma: ',',
  period: '.',
  sol: '/',
  colon: ':',
  semi: ';',
  equals: '=',
  quest: '?',
  commat: '@',
  lsqb: '[',
  rsqb: ']',
  bsol: '\\',
  lowbar: '_',
  grave: '`',
  lcub: '{',
  rcub: '}',
  verbar: '|',
  tilde: '~',
  Hat: '^',
  nbsp: ' ',
};

/** One encoded character: `%XX` (an ASCII byte), `&#xHH;`, `&#DDD;` or a named reference above. */
const ENCODED = /%([0-7][0-9a-fA-F])|&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});|&([a-zA-Z]{2,6});/g;

export interface DecodedView {
  view: string;
  /** `from[k]`: where the view's k-th character starts in the text; `from[view.length]` is its length. */
  from: number[];
}

/** The decoded view of `text`, or undefined when it holds nothing encoded (most text). */
export function decodedView(text: string): DecodedView | undefined {
  if (!text.includes('%') && !text.includes('&')) return undefined;
  let view = '';
  const from: number[] = [];
  let kept = 0;
  let decodedAny = false;
  const copyPlain = (end: number) => {
    for (let i = kept; i < end; i++) from.push(i);
    view += text.slice(kept, end);
  };
  for (const m of text.matchAll(ENCODED)) {
    const char = decodeOne(m);
    if (char === undefined) continue;
    copyPlain(m.index);
    for (let unit = 0; unit < char.length; unit++) from.push(m.index); // an astral character is two units
    view += char;
    kept = m.index + m[0].length;
    decodedAny = true;
  }
  if (!decodedAny) return undefined;
  copyPlain(text.length);
  from.push(text.length);
  return { view, from };
}

function decodeOne(m: RegExpMatchArray): string | undefined {
  const [, percent, hex, decimal, name] = m;
  const code =
    percent !== undefined
      ? Number.parseInt(percent, 16)
      : hex !== undefined
        ? Number.parseInt(hex, 16)
        : decimal !== undefined
          ? Number.parseInt(decimal, 10)
          : undefined;
  if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  return name !== undefined ? NAMED[name] : undefined;
}
