/**
 * Which ISE a command talks to, and as whom. The file's `ise:` block is the base; ISE_URL, ISE_USERNAME and
 * ISE_PASSWORD override it, and `--ise-url` overrides both. Checked here, before any request is sent.
 */
import { UsageError } from '../errors';
import { decodedView } from '../model/decoded-view';
import { parseIseUrl } from '../model/ise-url';
import { secretsOfEnvironment } from '../model/run-secrets';
import { createScrubber, OWN_WORDS } from '../model/scrubber';
import { Secret } from '../model/secret';
import { heldSecrets } from '../model/secret-matcher';
import type { TargetSettings } from '../model/state';

export interface ResolvedTarget {
  /** The origin, e.g. `https://ise.corp.example.com` (no trailing slash, no path). */
  url: string;
  username: string;
  password: Secret;
  caFile?: string;
  insecure: boolean;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export { parseIseUrl };

/**
 * `parseIseUrl`, with its message scrubbed of the run's secrets: a URL variable that holds the password or a
 * Duo key by mistake (two CI secrets swapped) must not print it in the error that refuses it. A URL that
 * parses but holds one (`https://<key>.corp`) is refused without being quoted, before any name lookup could
 * send the secret to a DNS server or a message could print its host.
 */
function checkedUrl(raw: string, source: string, secrets: readonly string[]): string {
  const held = heldSecrets(secrets);
  // Percent-encoded too (`https://Tr0ub4d%21x%28…`): the host is decoded before the name lookup.
  const decoded = decodedView(raw)?.view;
  if (held.holds(raw) || (decoded !== undefined && held.holds(decoded))) {
    throw new UsageError(
      // Worded as the loader's refusal: the last scrub blanks any word that is also a piece of a secret.
      `${source} holds the value of a secret (an ISE or Duo credential); it was not used`,
      `check ${source}: it should be the ISE address, e.g. https://ise-pan.corp.example.com`,
    );
  }
  try {
    return parseIseUrl(raw, source);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // The message quotes the URL; the hint is ise-duo's own text, which a secret's piece ("password" in
    // `demo-password`) would only garble.
    throw new UsageError(createScrubber(secrets, OWN_WORDS)(err.message), err.hint);
  }
}

export function resolveTarget(
  file: TargetSettings,
  env: NodeJS.ProcessEnv,
  overrides: { iseUrl?: string; secrets?: readonly string[] } = {},
): ResolvedTarget {
  const [rawUrl, urlSource] = overrides.iseUrl
    ? [overrides.iseUrl, '--ise-url']
    : env.ISE_URL
      ? [env.ISE_URL, 'ISE_URL']
      : [file.url, 'ise.url'];
  if (!rawUrl) {
    throw new UsageError(
      'no ISE to talk to',
      'set ise.url in the file, ISE_URL in the environment, or --ise-url',
    );
  }
  const username = env.ISE_USERNAME || file.username;
  if (!username) throw new UsageError('no ISE username', 'set ise.username in the file or ISE_USERNAME');
  const password = env.ISE_PASSWORD ? new Secret(env.ISE_PASSWORD) : file.password;
  if (!password || password.reveal() === '') {
    throw new UsageError(
      'no ISE password',
      'set ise.password: ${env:ISE_PASSWORD} in the file, or ISE_PASSWORD',
    );
  }
  checkCredentials(username, password.reveal(), env.ISE_USERNAME ? 'ISE_USERNAME' : 'ise.username');
  // The environment's secrets too (a DUO_*_SKEY the file takes nowhere, spliced into ise.url by mistake):
  // the URL's host would go to a DNS server before any message could refuse it.
  const secrets = [password.reveal(), ...(overrides.secrets ?? []), ...secretsOfEnvironment(env)];
  return {
    url: checkedUrl(rawUrl, urlSource, secrets),
    username,
    password,
    caFile: file.caFile,
    insecure: file.insecure === true,
    requestTimeoutMs: file.requestTimeoutMs,
    connectTimeoutMs: file.connectTimeoutMs,
  };
}

/** Line breaks, tabs and the other control characters: no ISE account name or password holds one. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Credentials Basic authentication cannot carry, refused before the first request: a failed login counts
 * towards ISE's lockout of the account. A username cannot hold `:` (RFC 7617: the first `:` ends it, so ISE
 * would read another user), and neither can hold a control character; a password's is most often the line
 * break a secrets file ends with. The password is never quoted.
 */
function checkCredentials(username: string, password: string, usernameSource: string): void {
  if (username.includes(':')) {
    throw new UsageError(
      `the ISE username (${usernameSource}) holds ":", which Basic authentication cannot send`,
      'check the username: it should be the ISE admin account name',
    );
  }
  if (CONTROL.test(username)) {
    throw new UsageError(
      `the ISE username (${usernameSource}) holds a line break or another control character`,
      'remove it (a value read from a file often ends with a line break)',
    );
  }
  if (CONTROL.test(password)) {
    throw new UsageError(
      'the ISE password holds a line break or another control character; it was not sent',
      'remove it (a secrets file often ends with a line break: printf, not echo, or trim the value)',
    );
  }
}
