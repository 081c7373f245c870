/**
 * The source text of every value written under a secret key (`password`, `skey`), for
 * scrubbing the messages of a file that failed its checks. The parsed tree is not enough: a value that
 * stops the parse or the schema before it becomes a string (an anchor or alias name, a block scalar
 * header, a number, a malformed `${env:…}`) can still be quoted by yaml's message or ours, and such a value
 * is often a literal secret, the mistake the check exists to stop. yaml's lexer takes any text, valid or
 * not, so one pass over its tokens finds each key and the tokens of its value. Only run for files with
 * problems: a clean file's messages are empty.
 */
import { CST, Lexer, parse } from 'yaml';

/**
 * Matched ignoring case: `sKey` as ISE spells it is a typo here, and still holds a key. Integration keys
 * are left out: they are not secrets, and a message that quotes a malformed `${env:…}` there helps more.
 */
const SECRET_KEYS = new Set(['password', 'skey']);

/**
 * A reference is a variable's name, not its value: messages may name it. So is a slip of one
 * (`${ENV:NAME}`, `$env:NAME`, `${env: NAME}`), which the message that refuses it shows corrected: blanking
 * it would blank the fix ("must be an environment reference such as (sensitive)").
 */
const REFERENCE = /\$\{?\s*env\s*[:{]\s*[A-Za-z_][A-Za-z0-9_]*\s*\}?/gi;

/** A value that is only references or slips of them: the names of variables, no secret. */
export const onlyReferences = (text: string): boolean => text.replace(REFERENCE, '').trim() === '';

/** A quoted scalar's text. */
function unquote(token: string): string {
  if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
  // A double-quoted key may spell its letters as escapes (`"p\u0061ssword"`), and is still the password:
  // yaml itself reads the escapes. One that does not parse is taken as written.
  if (token.includes('\\')) {
    try {
      const value: unknown = parse(token);
      if (typeof value === 'string') return value;
    } catch {}
  }
  return token.slice(1, -1);
}

/**
 * A secret key is written with its letters or, in double quotes, with an escape: text with neither holds
 * none, and the lexer pass (0.4 s for a hostile file near the 1 MiB limit) is skipped.
 */
const MAY_HOLD_SECRET_KEY = /password|skey|\\/i;

export function sensitiveSourceTexts(text: string): string[] {
  if (!MAY_HOLD_SECRET_KEY.test(text)) return [];
  const found: string[] = [];
  let lastScalar: string | undefined;
  let scalarNext = false;
  let collecting = false;
  // After a block scalar header (`|`, `>`), the value goes on past the newline, to the block's body.
  let inBlock = false;
  for (const token of new Lexer().lex(text)) {
    if (token === CST.SCALAR) {
      scalarNext = true;
      continue;
    }
    if (scalarNext) {
      scalarNext = false;
      if (!collecting) lastScalar = token;
      else {
        found.push(token);
        inBlock = false;
      }
      continue;
    }
    switch (CST.tokenType(token)) {
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        // A message may quote the value as written or as read: both go.
        if (collecting) found.push(token.slice(1, -1), unquote(token));
        else lastScalar = unquote(token);
        break;
      case 'map-value-ind':
        collecting = lastScalar !== undefined && SECRET_KEYS.has(lastScalar.trim().toLowerCase());
        lastScalar = undefined;
        inBlock = false;
        break;
      case 'anchor':
      case 'alias':
      case 'tag':
        if (collecting) found.push(token.slice(1));
        break;
      case 'block-scalar-header':
        if (collecting) {
          found.push(token);
          inBlock = true;
        }
        break;
      case 'newline':
        if (!inBlock) collecting = false;
        break;
      case 'comma':
      case 'flow-map-end':
      case 'flow-seq-end':
        collecting = false;
        break;
    }
  }
  return found.map((text) => text.replace(REFERENCE, ' ')).filter((text) => text.trim() !== '');
}
