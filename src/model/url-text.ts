/**
 * A URL the user gave, as a message may quote it. Whatever stands before an `@` may be credentials, and a
 * URL parser accepts more spellings of them than `scheme://user:pass@host` (`http:/user:pass@host`,
 * `http:\\user:pass@host`, `user:pass@host`, a password holding `@` or `/`), so everything between the
 * scheme and the last `@` is hidden, whatever it looks like. A path `@` hides the host too: a message can
 * do without the host, never with a password in it.
 */
const SCHEME = /^https?:[/\\]*/i;

export function urlForMessage(raw: string): string {
  const at = raw.lastIndexOf('@');
  if (at < 0) return raw;
  const scheme = SCHEME.exec(raw)?.[0] ?? '';
  return `${scheme}(credentials hidden)${raw.slice(at)}`;
}
