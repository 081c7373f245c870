/**
 * A secret's value in a field that is printed. `description: ${env:DUO_ADMIN_SKEY}` (a slip of copy and
 * paste, or two variables swapped) would put a Duo key into the plan, the plan file and every report: only
 * the secret fields are kept out of them. Such a file is refused, naming the field, never the value.
 *
 * Only strings that took a value from the environment are looked at: a literal in the file is already in
 * the file. Short secrets are matched whole (a 5-letter password is a word of many group names); from
 * FRAGMENT characters on, a value that holds one is refused too.
 */
import { FRAGMENT } from '../model/scrubber';
import type { EnvResolution } from './env-refs';
import { describeNode, error, type Finding, isSensitiveField } from './findings';
import { valueAt } from './schema-errors';

/** As in the scrubber: shorter values are no secret worth the name, and would match ordinary words. */
const SHORTEST = 4;

export function secretReuseFindings(resolution: EnvResolution, env: NodeJS.ProcessEnv): Finding[] {
  if (resolution.checkable.size === 0) return [];
  const secrets = [...resolution.sensitiveValues, env.ISE_PASSWORD ?? ''].filter((s) => s.length >= SHORTEST);
  if (secrets.length === 0) return [];
  const holdsSecret = (value: string) =>
    secrets.some((s) => (s.length >= FRAGMENT ? value.includes(s) : value === s));
  const findings: Finding[] = [];
  for (const pointer of resolution.checkable) {
    const value = valueAt(resolution.tree, pointer);
    // Integration keys are sensitive fields themselves: never printed, and in the list of secrets.
    if (isSensitiveField(pointer) || typeof value !== 'string' || !holdsSecret(value)) continue;
    findings.push(
      error(
        pointer,
        // Worded with care: the scrubber blanks any word that is also a piece of a secret's value.
        `${describeNode(pointer)} takes from the environment the value of a secret (an ISE or Duo ` +
          'credential) used elsewhere in this run; ise-duo prints this field, so it would print the secret: ' +
          'reference a variable that holds no secret',
        { kind: 'text', text: '${env:' },
      ),
    );
  }
  return findings;
}
