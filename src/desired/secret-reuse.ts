/**
 * A secret's value in a field that is printed. `description: ${env:DUO_ADMIN_SKEY}` (a slip of copy and
 * paste, or two variables swapped) would put a Duo key into the plan, the plan file and every report: only
 * the secret fields are kept out of them. Such a file is refused, naming the field, never the value. A
 * literal that holds one is refused too: the live reader shows ISE's values that hold a known secret as
 * `(sensitive)` (`src/live/held-secrets.ts`), so such a field could never compare equal, and every plan
 * would write it again.
 *
 * Short secrets are matched whole (a 5-letter password is a word of many group names), longer ones anywhere
 * in a value, ignoring ASCII case, as the live reader matches them (`src/model/secret-matcher.ts`).
 */
import { namedAsSecret } from '../model/run-secrets';
import { heldSecrets } from '../model/secret-matcher';
import type { EnvResolution } from './env-refs';
import { describeNode, error, type Finding, isSensitiveField, joinPointer } from './findings';

/**
 * Calls `visit` for every string of `node` with the path to it: one array, pushed and popped, so that the
 * pointer is built only for the rare string that is reported (this runs for every file of a fleet).
 */
function walk(node: unknown, path: Array<string | number>, visit: (value: string) => void): void {
  if (typeof node === 'string') visit(node);
  else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      walk(node[i], path, visit);
      path.pop();
    }
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const key in record) {
      path.push(key);
      walk(record[key], path, visit);
      path.pop();
    }
  }
}

const pointerOf = (path: Array<string | number>) => path.reduce<string>((p, s) => joinPointer(p, s), '');

export function secretReuseFindings(
  resolution: EnvResolution,
  env: NodeJS.ProcessEnv,
  runSecrets: readonly string[] = [],
): Finding[] {
  const secrets = [...resolution.sensitiveValues, env.ISE_PASSWORD ?? '', ...runSecrets].filter(
    (s) => s !== '',
  );
  const byReference = secretReferenceFindings(resolution);
  if (secrets.length === 0) return byReference;
  // The live reader's matcher: what it would show as (sensitive) is exactly what is refused here.
  const holdsSecret = heldSecrets(secrets).holds;
  // A string shorter than every secret holds none (the matcher takes nothing under 4 characters).
  let shortest = Number.POSITIVE_INFINITY;
  for (const secret of secrets) shortest = Math.min(shortest, Math.max(4, secret.length));
  const findings: Finding[] = [];
  const path: Array<string | number> = [];
  const found = new Set(byReference.map((f) => f.pointer));
  walk(resolution.tree, path, (value) => {
    if (value.length < shortest || !holdsSecret(value)) return;
    // Secret fields keep their reference text here; integration keys are sensitive fields themselves.
    const pointer = pointerOf(path);
    if (isSensitiveField(pointer) || found.has(pointer)) return;
    findings.push(heldSecretFinding(pointer, resolution.referenced.has(pointer)));
  });
  return [...byReference, ...findings];
}

// Worded with care: the scrubber blanks any word that is also a piece of a secret's value.
const heldSecretFinding = (pointer: string, referenced: boolean): Finding =>
  error(
    pointer,
    `${describeNode(pointer)} holds the value of a secret (an ISE or Duo credential) used in this run; ` +
      'ise-duo prints this field, so it would print the secret: use a value that holds no secret',
    referenced ? { kind: 'text', text: '${env:' } : undefined,
  );

/**
 * A printed field that references a secret's variable (one a secret field of the file references, or one
 * named as a secret: ISE_PASSWORD, DUO_ADMIN_SKEY, …) holds that secret whatever its length: a 3-letter
 * password is below what the value match can tell from a word, but `description: "pw ${env:ISE_PASSWORD}"`
 * is known to hold it, and `url: https://${env:DUO_ADMIN_SKEY}.corp` would send a key to a DNS server.
 */
function secretReferenceFindings(resolution: EnvResolution): Finding[] {
  const findings: Finding[] = [];
  for (const [pointer, names] of resolution.variablesAt) {
    if (isSensitiveField(pointer)) continue;
    if (names.some((n) => namedAsSecret(n) || resolution.secretVariables.has(n))) {
      findings.push(heldSecretFinding(pointer, true));
    }
  }
  return findings;
}
