/**
 * A secret's value in a field that is printed. `description: ${env:DUO_ADMIN_SKEY}` (a slip of copy and
 * paste, or two variables swapped) would put a Duo key into the plan, the plan file and every report: only
 * the secret fields are kept out of them. Such a file is refused, naming the field, never the value. A
 * literal that holds one is refused too: the live reader shows ISE's values that hold a known secret as
 * `(sensitive)` (`src/live/held-secrets.ts`), so such a field could never compare equal, and every plan
 * would write it again.
 *
 * Short secrets are matched whole (a 5-letter password is a word of many group names); from FRAGMENT
 * characters on, a value that holds one is refused too.
 */
import { FRAGMENT } from '../model/scrubber';
import type { EnvResolution } from './env-refs';
import { describeNode, error, type Finding, isSensitiveField, joinPointer } from './findings';

/** As in the scrubber: shorter values are no secret worth the name, and would match ordinary words. */
const SHORTEST = 4;

function walk(node: unknown, pointer: string, visit: (value: string, pointer: string) => void): void {
  if (typeof node === 'string') visit(node, pointer);
  else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) walk(node[i], joinPointer(pointer, i), visit);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) walk(value, joinPointer(pointer, key), visit);
  }
}

export function secretReuseFindings(resolution: EnvResolution, env: NodeJS.ProcessEnv): Finding[] {
  const secrets = [...resolution.sensitiveValues, env.ISE_PASSWORD ?? ''].filter((s) => s.length >= SHORTEST);
  if (secrets.length === 0) return [];
  const holdsSecret = (value: string) =>
    secrets.some((s) => (s.length >= FRAGMENT ? value.includes(s) : value === s));
  const findings: Finding[] = [];
  walk(resolution.tree, '', (value, pointer) => {
    // Secret fields keep their reference text here; integration keys are sensitive fields themselves.
    if (!holdsSecret(value) || isSensitiveField(pointer)) return;
    findings.push(
      error(
        pointer,
        // Worded with care: the scrubber blanks any word that is also a piece of a secret's value.
        `${describeNode(pointer)} holds the value of a secret (an ISE or Duo credential) used in this run; ` +
          'ise-duo prints this field, so it would print the secret: use a value that holds no secret',
        resolution.referenced.has(pointer) ? { kind: 'text', text: '${env:' } : undefined,
      ),
    );
  });
  return findings;
}
