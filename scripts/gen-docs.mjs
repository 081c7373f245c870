// Generates docs/file-reference.md from schemas/ise-duo.schema.json, so that the reference says exactly what
// the schema (and so `validate` and the editor) accepts. Run with `npm run docs`; `--stdout` prints instead of
// writing, which test/unit/docs.test.ts uses to prove the committed file is current. The output goes through
// biome's formatter, so `biome check` and the generator agree on every byte.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_PATH = 'schemas/ise-duo.schema.json';
const OUT_PATH = 'docs/file-reference.md';
const ENV_ONLY = /^\^\\\$\\\{env:/;

/** Follows a local `#/definitions/x` reference; returns the schema itself when there is none. */
function deref(schema, node) {
  if (!node?.$ref) return node;
  const name = node.$ref.replace('#/definitions/', '');
  const target = schema.definitions?.[name];
  if (!target) throw new Error(`${SCHEMA_PATH}: unresolved $ref ${node.$ref}`);
  return deref(schema, target);
}

/** The description to show: the property's own (markdown first), else the referenced definition's. */
function describe(schema, node) {
  const own = node.markdownDescription ?? node.description;
  if (own) return own;
  const target = deref(schema, node);
  return target.markdownDescription ?? target.description ?? '';
}

const code = (v) => `\`${typeof v === 'string' && v !== '' ? v : JSON.stringify(v)}\``;
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const slug = (heading) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');

function limits(node) {
  const parts = [];
  if (node.minimum !== undefined && node.maximum !== undefined) parts.push(`${node.minimum}-${node.maximum}`);
  else if (node.minimum !== undefined) parts.push(`≥ ${node.minimum}`);
  if (node.maxLength !== undefined) parts.push(`≤ ${node.maxLength} characters`);
  if (node.minItems !== undefined) parts.push(`at least ${node.minItems}`);
  if (node.uniqueItems) parts.push('no duplicates');
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A short type label; `link` names the section of an object or a list of objects. */
function typeLabel(schema, node, link, where = 'below') {
  const target = deref(schema, node);
  if (target.const !== undefined) return `${code(target.const)} (fixed)`;
  if (target.type === 'string' && target.pattern && ENV_ONLY.test(target.pattern)) {
    return '`${env:NAME}` reference';
  }
  if (target.type === 'object') return link ? `object, see [${where}](#${link})` : 'object';
  if (target.type === 'array') {
    const items = deref(schema, target.items);
    const inner = items.type === 'object' ? 'objects' : (items.type ?? 'values');
    const see = items.type === 'object' && link ? `, see [${where}](#${link})` : '';
    return `list of ${inner}${limits(target)}${see}`;
  }
  return `${target.type ?? 'any'}${limits(target)}`;
}

function allowed(schema, node) {
  const target = deref(schema, node);
  const values = target.enum ?? (target.type === 'array' ? deref(schema, target.items).enum : undefined);
  return values ? ` Allowed: ${values.map(code).join(', ')}.` : '';
}

function example(node) {
  const ex = node.examples?.[0];
  // Objects do not fit a table cell, and `${env:…}` examples repeat what the description says.
  if (ex === undefined || typeof ex === 'object' || String(ex).startsWith('${env:')) return '';
  return ` Example: ${code(ex)}.`;
}

/**
 * Collects one section per object in the file, depth first in the schema's property order. Each section is
 * `{ path, description, rows }`; a row links to the section of its object or list of objects.
 */
function collect(schema, node, path, description, sections, ancestors = new Map([[node, path]])) {
  const section = { path, description, rows: [] };
  sections.push(section);
  const required = new Set(node.required ?? []);
  const children = [];
  for (const [key, prop] of Object.entries(node.properties ?? {})) {
    const target = deref(schema, prop);
    let childPath;
    let child;
    if (target.type === 'object' && target.properties) {
      childPath = path ? `${path}.${key}` : key;
      child = target;
    } else if (target.type === 'array' && deref(schema, target.items).type === 'object') {
      childPath = `${path ? `${path}.` : ''}${key}[]`;
      child = deref(schema, target.items);
    }
    // A recursive definition (a condition's `not` and `and` items are conditions) links to its ancestor.
    const earlier = child ? ancestors.get(child) : undefined;
    if (earlier !== undefined) child = undefined;
    const shownPath = earlier ?? childPath;
    const heading = shownPath ? `\`${shownPath}\`` : undefined;
    const def = target.default ?? prop.default;
    section.rows.push([
      `\`${key}\``,
      typeLabel(schema, prop, heading ? slug(heading) : undefined, earlier === undefined ? 'below' : 'above'),
      required.has(key) ? 'yes' : 'no',
      def === undefined ? '' : code(def),
      `${describe(schema, prop)}${allowed(schema, prop)}${example(prop)}`,
    ]);
    if (child) children.push([child, childPath, describe(schema, prop)]);
  }
  for (const [child, childPath, text] of children) {
    collect(schema, child, childPath, text, sections, new Map([...ancestors, [child, childPath]]));
  }
}

export function renderFileReference(schema) {
  const sections = [];
  collect(schema, schema, '', schema.description, sections);
  const out = [
    '# Desired-state file reference',
    '',
    `<!-- Generated by scripts/gen-docs.mjs from ${SCHEMA_PATH}. Do not edit: change the schema's descriptions and run \`npm run docs\`. -->`,
    '',
    schema.description,
    '',
    'Every string value may hold `${env:NAME}` references, resolved from the environment when ise-duo runs. ' +
      'The ISE password and every Duo `skey` must be such references. To write the text `${env:` itself (a ' +
      'rule condition matching it, as `export` writes one), write `$${env:`. Keys not listed here are errors. ' +
      'Examples: [`examples/minimal.yaml`](../examples/minimal.yaml), [`examples/full.yaml`](../examples/full.yaml).',
    '',
    'Editors that use yaml-language-server (VS Code with the Red Hat YAML extension) complete and check the file ' +
      'when its first line is `# yaml-language-server: $schema=<path to schemas/ise-duo.schema.json>`.',
  ];
  for (const section of sections) {
    out.push('', `## ${section.path ? `\`${section.path}\`` : 'Top level'}`, '');
    if (section.path && section.description) out.push(section.description, '');
    out.push('| Key | Type | Required | Default | Description |', '|---|---|---|---|---|');
    for (const row of section.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Formats markdown as `biome check` wants it (aligned tables and the like). */
function formatMarkdown(text) {
  const biome = join(root, 'node_modules/@biomejs/biome/bin/biome');
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${OUT_PATH}`], {
    cwd: root,
    input: text,
    encoding: 'utf8',
  });
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const schema = JSON.parse(readFileSync(join(root, SCHEMA_PATH), 'utf8'));
  const text = formatMarkdown(renderFileReference(schema));
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else {
    writeFileSync(join(root, OUT_PATH), text);
    process.stdout.write(`wrote ${OUT_PATH}\n`);
  }
}
