/**
 * The shape of secret values, checked after they are read from the environment. This is the one value
 * check outside the JSON Schema, because in the file a secret field must be a `${env:NAME}` reference:
 * the schema describes the file, not what the variable holds. Messages name the variable, never its value.
 */
import { error, type Finding } from './findings';
import { valueAt } from './schema-errors';

/**
 * Duo shows secret keys as 40 letters and digits. The check is looser on purpose (test keys and future
 * formats differ) but still catches the usual mistakes: an ikey (20 characters) in the skey variable, a
 * value cut short, or white space or a line break pasted along with the key.
 */
const DUO_SECRET_KEY = /^[\x21-\x7E]{30,128}$/;

export function secretShapeFindings(tree: unknown, secrets: ReadonlyMap<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const [pointer, value] of secrets) {
    if (!pointer.endsWith('/skey') || DUO_SECRET_KEY.test(value)) continue;
    const reference = String(valueAt(tree, pointer));
    // Text around the reference (" ${env:X}"): the schema already refuses that, and the value's shape is
    // then about the added text, not the variable.
    const name = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(reference)?.[1];
    if (name === undefined) continue;
    const message =
      `environment variable "${name}" (used for "skey") does not look like a Duo secret key: ` +
      'expected 30-128 characters without spaces (the Duo Admin Panel shows 40 letters and digits)';
    findings.push(error(pointer, message, { kind: 'text', text: reference }));
  }
  return findings;
}
