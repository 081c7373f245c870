/**
 * The last step before a body goes on the wire: every `{ $secret: ref }` placeholder (at any depth) is
 * replaced with the clear value from the SecretStore. Plans and the executor only ever carry placeholders,
 * so this is the one place where key values exist in a request body. A missing reference fails before
 * anything is sent, naming the reference (never a value).
 *
 * Also here: the list of values to scrub from any text built from a server's answer.
 */
import { UsageError } from '../errors';
import { isSecretPlaceholder, Secret, type SecretStore } from '../model/secret';

/** A deep copy of `body` with every placeholder (and any stray Secret box) replaced by its clear value. */
export function fillPlaceholders(body: unknown, store: SecretStore | undefined): unknown {
  if (isSecretPlaceholder(body)) {
    const secret = store?.get(body.$secret);
    if (!secret) {
      throw new UsageError(
        `The request body needs the secret "${body.$secret}", which is not in the secret store; nothing was sent to ISE.`,
        'Provide the value of this secret (see the secrets section of the desired state).',
      );
    }
    return secret.reveal();
  }
  if (body instanceof Secret) return body.reveal();
  if (Array.isArray(body)) return body.map((item) => fillPlaceholders(item, store));
  if (body !== null && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) out[key] = fillPlaceholders(value, store);
    return out;
  }
  return body;
}

/** Every clear value found as a Secret box in `body`: these are scrubbed too, like the store's values. */
export function inlineSecretValues(body: unknown, found: string[] = []): string[] {
  if (body instanceof Secret) found.push(body.reveal());
  else if (Array.isArray(body)) for (const item of body) inlineSecretValues(item, found);
  else if (body !== null && typeof body === 'object') {
    for (const value of Object.values(body)) inlineSecretValues(value, found);
  }
  return found;
}

/** The values that must never appear in error text: store values, the password, the Basic credentials. */
export function secretValues(store: SecretStore | undefined, username: string, password: Secret): string[] {
  const basic = Buffer.from(`${username}:${password.reveal()}`, 'utf8').toString('base64');
  const values = [...(store?.revealAll() ?? []), password.reveal(), basic];
  // Longest first, so a value that contains another is replaced whole.
  return values.sort((a, b) => b.length - a.length);
}
