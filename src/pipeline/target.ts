/**
 * Which ISE a command talks to, and as whom. The file's `ise:` block is the base; ISE_URL, ISE_USERNAME and
 * ISE_PASSWORD override it, and `--ise-url` overrides both. Checked here, before any request is sent.
 */
import { UsageError } from '../errors';
import { parseIseUrl } from '../model/ise-url';
import { Secret, scrubText } from '../model/secret';
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
  if (heldSecrets(secrets).holds(raw)) {
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
    throw new UsageError(scrubText(err.message, secrets), err.hint && scrubText(err.hint, secrets));
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
  return {
    url: checkedUrl(rawUrl, urlSource, [password.reveal(), ...(overrides.secrets ?? [])]),
    username,
    password,
    caFile: file.caFile,
    insecure: file.insecure === true,
    requestTimeoutMs: file.requestTimeoutMs,
    connectTimeoutMs: file.connectTimeoutMs,
  };
}
