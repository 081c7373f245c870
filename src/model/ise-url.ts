/**
 * An ISE URL as the user gave it: checked (`parseIseUrl`) and quoted (`urlForMessage`). In the model layer
 * so that `validate` checks `--ise-url` without loading the pipeline.
 */
import { UsageError } from '../errors';

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

export function parseIseUrl(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(
      `${source} "${urlForMessage(raw)}" is not a URL`,
      'use the form https://ise-pan.example.com',
    );
  }
  if (url.username || url.password) {
    throw new UsageError(
      `${source} "${urlForMessage(raw)}" must not hold credentials`,
      'give the username and password in ise.username/ise.password or ISE_USERNAME/ISE_PASSWORD',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(
      `${source} "${urlForMessage(raw)}" must start with https://`,
      'use the form https://ise-pan.example.com',
    );
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    // Only the origin is quoted: a path or query is where a pasted token or password would sit.
    throw new UsageError(
      `${source} "${url.origin}/…" must be the ISE host only, without a path, query or fragment`,
      `use ${url.origin}; ise-duo adds /api/v1/... itself`,
    );
  }
  return url.origin;
}
