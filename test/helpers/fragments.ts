/**
 * The leak check of issue #15, independent of the code under test: a secret leaks when any substring of
 * 8 or more of its characters appears in a text, which holds exactly when one of its 8-character windows does.
 * Tests report where and which window (cut short), never the secret.
 */
export const FRAGMENT = 8;

/** Every 8-character window of `secret` (the whole value when shorter). */
export function windowsOf(secret: string): string[] {
  if (secret.length <= FRAGMENT) return [secret];
  const out = new Set<string>();
  for (let i = 0; i + FRAGMENT <= secret.length; i++) out.add(secret.slice(i, i + FRAGMENT));
  return [...out];
}

/** One line per secret with a fragment in `text`: where, which secret (by index) and the window's start. */
export function fragmentLeaks(where: string, text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  secrets.forEach((secret, i) => {
    const hit = windowsOf(secret).find((w) => text.includes(w));
    if (hit !== undefined) found.push(`${where}: a fragment of secret #${i} (${hit.slice(0, 3)}…)`);
  });
  return found;
}
