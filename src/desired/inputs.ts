/**
 * What a desired state was computed from, recorded in a plan so that a refused saved plan can say which input
 * moved: the file's bytes, the environment variables its references read, or a different file altogether.
 *
 * Only fingerprints are kept, never values: 16 hex digits of sha256 per variable. The variables of the `ise:`
 * block (URL, login) are left out: they do not shape the plan (the target is checked on its own), and a hash of
 * a guessable ISE password would be open to a dictionary attack. Duo keys are random 40-character strings, so
 * their hash cannot be reversed; it tells no more than the description marker's fingerprint does.
 */
import { createHash } from 'node:crypto';
import type { PlanInputs } from '../model/plan';
import { envReferences } from './env-refs';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

/** The fingerprint of one variable's value, scoped to its name. */
export function envValueFingerprint(name: string, value: string): string {
  return digest(`ise-duo env\u0000${name}\u0000${value}`);
}

function referencedNames(node: unknown, underIse: boolean, into: Set<string>): void {
  if (typeof node === 'string') {
    if (underIse || !node.includes('${env:')) return;
    for (const ref of envReferences(node)) into.add(ref.name);
  } else if (Array.isArray(node)) {
    for (const item of node) referencedNames(item, underIse, into);
  } else if (node !== null && typeof node === 'object') {
    for (const child of Object.values(node)) referencedNames(child, underIse, into);
  }
}

/**
 * `value` is the parsed file before references are resolved; `path` the absolute path that was read.
 * Variables that are not set are left out (such a file does not load anyway).
 */
export function desiredInputs(
  text: string,
  path: string,
  value: unknown,
  env: NodeJS.ProcessEnv,
): PlanInputs {
  const names = new Set<string>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) referencedNames(child, key === 'ise', names);
  }
  const fingerprints: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const v = env[name];
    if (v !== undefined) fingerprints[name] = envValueFingerprint(name, v);
  }
  return { path, content: digest(text), env: fingerprints };
}
