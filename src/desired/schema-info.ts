/**
 * Reads facts for error messages (allowed keys, examples) from the JSON Schema itself, so the schema stays
 * the one source of truth: adding a property to the schema updates "allowed keys: …" without a code change.
 *
 * The precompiled validator does not export its schema, so the JSON file is read, lazily and only when an
 * error needs wording: a valid file never pays for it. The path works from `src/desired` (ts-jest) and
 * from `dist/desired` (the built CLI), and `schemas/` ships in the npm package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type SchemaNode = { [key: string]: unknown };

let cachedSchema: SchemaNode | null | undefined;

function rootSchema(): SchemaNode | null {
  if (cachedSchema === undefined) {
    try {
      const text = readFileSync(join(__dirname, '..', '..', 'schemas', 'ise-duo.schema.json'), 'utf8');
      cachedSchema = JSON.parse(text) as SchemaNode;
    } catch {
      cachedSchema = null; // messages then simply leave out the facts they would have read
    }
  }
  return cachedSchema;
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows local `$ref`s (`#/definitions/x`) a few times; the schema has no cycles, this is only a guard. */
function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let i = 0; i < 8 && current && typeof current.$ref === 'string'; i++) {
    current = schemaAtPath(current.$ref);
  }
  return current;
}

/** The schema node at a path such as `#/definitions/duoKeys/properties/ikey`. */
function schemaAtPath(path: string): SchemaNode | undefined {
  let node: unknown = rootSchema();
  for (const segment of path.replace(/^#\/?/, '').split('/')) {
    if (segment === '') continue;
    if (!isNode(node)) return undefined;
    node = node[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isNode(node) ? node : undefined;
}

/**
 * The object schema that describes the instance at `pointer`, found by walking `properties` and `items`
 * from the root. (An ajv error's `schemaPath` cannot be used: inside a `$ref` it is relative to the
 * referenced definition, so `#/additionalProperties` could mean any object.)
 */
function schemaForInstance(pointer: string): SchemaNode | undefined {
  let node = deref(rootSchema() ?? undefined);
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const properties = node?.properties;
    const next =
      /^\d+$/.test(segment) && isNode(node?.items)
        ? node.items
        : isNode(properties)
          ? properties[segment]
          : undefined;
    node = deref(isNode(next) ? next : undefined);
  }
  return node;
}

/** The keys the object at `pointer` allows, in schema order; [] if the schema file could not be read. */
export function allowedKeys(pointer: string): string[] {
  const properties = schemaForInstance(pointer)?.properties;
  return isNode(properties) ? Object.keys(properties) : [];
}

/** The first `examples` entry of a property of the object at `pointer`, as one line of YAML, or undefined. */
export function exampleOf(pointer: string, property: string): string | undefined {
  const properties = schemaForInstance(pointer)?.properties;
  if (!isNode(properties)) return undefined;
  const declared = properties[property];
  if (!isNode(declared)) return undefined;
  const examples = declared.examples ?? deref(declared)?.examples;
  if (!Array.isArray(examples) || examples.length === 0) return undefined;
  return toFlowYaml(examples[0]);
}

function toFlowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toFlowYaml).join(', ')}]`;
  if (isNode(value)) {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${toFlowYaml(v)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string') return /^[\w./-]+$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}
