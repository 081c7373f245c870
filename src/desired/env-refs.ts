/**
 * `${env:NAME}` references: found in every string value (whole value or inside text), replaced with the
 * variable's value. Keys are not expanded, and values are never expanded twice. `$${env:` is the literal
 * text `${env:`.
 *
 * Shaped for two rules:
 * - Secret values (ISE password, Duo skeys) must never reach a message or the schema's second pass, which
 *   could quote them. So secret fields keep their reference text in the resolved tree, and their values go
 *   to a separate map that only the normalizer and the secret shape checks read.
 * - The schema runs again on the resolved tree to check values that came from the environment. `checkable`
 *   says which strings that second pass may report on: those that held references that all resolved.
 */
import {
  error,
  type Finding,
  isSecretField,
  isSensitiveField,
  joinPointer,
  mayBeSensitiveKey,
} from './findings';

const REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const REFERENCE_START = '${env:';
/**
 * `$${env:` is the text `${env:`, not a reference: how a file holds a value that contains it (a rule
 * condition matching that text, as `export` writes one). Only before `{env:`: a `$$` elsewhere is two `$`.
 */
const ESCAPED_START = '$${env:';
/** A reference, or an escaped start (group 1), whichever comes first. */
const REFERENCE_OR_ESCAPE = /\$(\$\{env:)|\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The `${env:NAME}` references in `text`, in order (an escaped `$${env:` is none): as written, and NAME. */
export function* envReferences(text: string): Generator<{ written: string; name: string }> {
  for (const m of text.matchAll(REFERENCE_OR_ESCAPE)) if (!m[1]) yield { written: m[0], name: m[2]! };
}

/** The first `${env:NAME}` reference in `text`, as written, or undefined. */
export function firstEnvReference(text: string): string | undefined {
  for (const ref of envReferences(text)) return ref.written;
  return undefined;
}

export interface EnvResolution {
  /** The value with references replaced, except in secret fields, which keep the reference text. */
  tree: unknown;
  /** Resolved values of secret fields, by pointer. */
  secrets: Map<string, string>;
  /** Pointers of non-secret strings whose references all resolved. */
  checkable: Set<string>;
  /** Pointers of all strings that hold at least one well-formed reference. */
  referenced: Set<string>;
  /** The variables each non-secret string references, by pointer. */
  variablesAt: Map<string, string[]>;
  /** The variables that secret fields reference. */
  secretVariables: Set<string>;
  /** Pointers of strings with a malformed reference: their schema pattern errors would only repeat it. */
  malformed: Set<string>;
  /** Every resolved value that must not appear in output (secret fields and integration keys). */
  sensitiveValues: string[];
  findings: Finding[];
}

/** `${env:` that does not start a well-formed reference: a typo that would otherwise pass silently. */
function malformedReferences(text: string, pointer: string): Finding[] {
  const findings: Finding[] = [];
  let from = text.indexOf(REFERENCE_START);
  while (from >= 0) {
    if (from > 0 && text.startsWith(ESCAPED_START, from - 1)) {
      from = text.indexOf(REFERENCE_START, from + REFERENCE_START.length);
      continue;
    }
    REFERENCE.lastIndex = from;
    const match = REFERENCE.exec(text);
    if (!match || match.index !== from) {
      const shown = /^\$\{env:[^}\s]{0,40}\}?/.exec(text.slice(from))?.[0] ?? REFERENCE_START;
      const message =
        `malformed environment reference "${shown}"; write \${env:NAME}, ` +
        'where NAME has only letters, digits and "_" and does not start with a digit';
      findings.push(error(pointer, message, { kind: 'text', text: REFERENCE_START }));
    }
    from = text.indexOf(REFERENCE_START, from + REFERENCE_START.length);
  }
  return findings;
}

interface StringResolution {
  value: string;
  hadReference: boolean;
  variables: string[];
  malformed: boolean;
  complete: boolean;
  findings: Finding[];
}

function lookUp(
  name: string,
  env: NodeJS.ProcessEnv,
  pointer: string,
): { value?: string; finding?: Finding } {
  const value = env[name];
  const at = { kind: 'text', text: `\${env:${name}}` } as const;
  if (value === undefined) {
    return {
      finding: error(
        pointer,
        `environment variable "${name}" is not set; set it, or change the reference`,
        at,
      ),
    };
  }
  if (value === '' && isSecretField(pointer)) {
    return {
      finding: error(pointer, `environment variable "${name}" is empty; this secret needs a value`, at),
    };
  }
  if (value.includes(REFERENCE_START)) {
    const message = `environment variable "${name}" holds "\${env:"; references are not expanded twice`;
    return { finding: error(pointer, message, at) };
  }
  return { value };
}

function resolveString(text: string, pointer: string, env: NodeJS.ProcessEnv): StringResolution {
  const findings = malformedReferences(text, pointer);
  const malformed = findings.length > 0;
  let hadReference = false;
  const variables: string[] = [];
  const value = text.replace(REFERENCE_OR_ESCAPE, (whole, escaped: string | undefined, name: string) => {
    if (escaped) return escaped;
    hadReference = true;
    variables.push(name);
    const found = lookUp(name, env, pointer);
    if (found.finding) findings.push(found.finding);
    return found.value ?? whole;
  });
  return { value, hadReference, variables, malformed, complete: findings.length === 0, findings };
}

/**
 * One child of a container. Most values are strings without a reference (nor a malformed one: both start
 * with `${env:`) or other scalars: they resolve to themselves with nothing to record, and so need no
 * pointer, unless their key may make them sensitive (a literal integration key is still sensitive).
 */
function resolveChild(
  value: unknown,
  parent: string,
  segment: string | number,
  env: NodeJS.ProcessEnv,
  out: EnvResolution,
): unknown {
  if (typeof value === 'string' && !value.includes(REFERENCE_START)) {
    if (mayBeSensitiveKey(segment) && isSensitiveField(joinPointer(parent, segment))) {
      out.sensitiveValues.push(value);
    }
    return value;
  }
  if (typeof value !== 'string' && (value === null || typeof value !== 'object')) return value;
  return resolveNode(value, joinPointer(parent, segment), env, out);
}

function resolveNode(node: unknown, pointer: string, env: NodeJS.ProcessEnv, out: EnvResolution): unknown {
  if (typeof node === 'string') {
    const resolved = resolveString(node, pointer, env);
    out.findings.push(...resolved.findings);
    if (resolved.malformed) out.malformed.add(pointer);
    if (resolved.hadReference) out.referenced.add(pointer);
    if (resolved.complete && isSensitiveField(pointer)) out.sensitiveValues.push(resolved.value);
    if (isSecretField(pointer)) {
      for (const name of resolved.variables) out.secretVariables.add(name);
      if (resolved.hadReference && resolved.complete) out.secrets.set(pointer, resolved.value);
      return node;
    }
    if (resolved.hadReference) out.variablesAt.set(pointer, resolved.variables);
    if (resolved.hadReference && resolved.complete) out.checkable.add(pointer);
    return resolved.value;
  }
  if (Array.isArray(node)) return node.map((item, i) => resolveChild(item, pointer, i, env, out));
  if (node !== null && typeof node === 'object') {
    const copy: Record<string, unknown> = {};
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) copy[key] = resolveChild(record[key], pointer, key, env, out);
    return copy;
  }
  return node;
}

/** Resolves every reference in `value`. Problems are findings; nothing throws. */
export function resolveEnvReferences(value: unknown, env: NodeJS.ProcessEnv): EnvResolution {
  const out: EnvResolution = {
    tree: undefined,
    secrets: new Map(),
    checkable: new Set(),
    malformed: new Set(),
    referenced: new Set(),
    variablesAt: new Map(),
    secretVariables: new Set(),
    sensitiveValues: [],
    findings: [],
  };
  out.tree = resolveNode(value, '', env, out);
  return out;
}
