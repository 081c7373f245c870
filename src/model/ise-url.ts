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

/**
 * A URL's host as one name per machine, for comparing hosts: lower case (the URL parser already does that),
 * no trailing dot (`ise.example.com.` is the same name), an IPv4-mapped IPv6 address as its IPv4 address
 * (the parser writes `[::ffff:127.0.0.1]` as `[::ffff:7f00:1]`), and every loopback spelling as `loopback`:
 * 127.0.0.1, 127.1, localhost and [::1] all reach this machine, and a server bound to all of them answers
 * each.
 */
export function hostIdentity(hostname: string): string {
  let host = hostname.toLowerCase().replace(/\.$/, '');
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
  if (mapped) {
    const [hi, lo] = [Number.parseInt(mapped[1] as string, 16), Number.parseInt(mapped[2] as string, 16)];
    host = [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return /^127\.\d+\.\d+\.\d+$|^localhost$|^\[::1\]$/.test(host) ? 'loopback' : host;
}

/** This machine: where plain http (the simulator) keeps the credentials off the network. */
export function isLoopbackHost(hostname: string): boolean {
  return hostIdentity(hostname) === 'loopback';
}

export const PLAIN_HTTP_HINT =
  'use https://; http:// is only for the local simulator (127.0.0.1, [::1] or localhost)';

/** Why an `http://` origin is refused, or undefined when it may be used (https, or this machine). */
export function plainHttpProblem(url: URL): string | undefined {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  return 'is plain http to a host that is not this machine: the ISE login and the Duo keys would travel unencrypted';
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
      `${source} "${urlForMessage(raw)}" must start with https:// (http:// only for a simulator on this machine)`,
      'use the form https://ise-pan.example.com',
    );
  }
  const plain = plainHttpProblem(url);
  if (plain) throw new UsageError(`${source} "${url.origin}" ${plain}`, PLAIN_HTTP_HINT);
  if (url.pathname !== '/' || url.search || url.hash) {
    // Only the origin is quoted: a path or query is where a pasted token or password would sit.
    throw new UsageError(
      `${source} "${url.origin}/…" must be the ISE host only, without a path, query or fragment`,
      `use ${url.origin}; ise-duo adds /api/v1/... itself`,
    );
  }
  return url.origin;
}
