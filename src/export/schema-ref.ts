/**
 * The `# yaml-language-server: $schema=…` line at the top of an exported file. An exported file is meant to
 * be committed, so the line must stay right on every clone of the repository it is committed to: only a
 * path relative to the file, leading to a schema inside that same repository, does. An absolute path or
 * `file://` URL of this machine's install would be wrong everywhere else, so when no schema is reachable
 * that way the file gets no line, and the header says why and how to add one.
 *
 * The repository is the nearest folder above the output holding `.git` (else, outside git, `package.json`).
 * The schemas tried, in order: the one of the running ise-duo when it is installed inside that repository
 * (a clone of ise-duo itself, or a project that has it in `node_modules`), then
 * `node_modules/ise-duo/schemas/ise-duo.schema.json` in any folder from the output's up to the repository's.
 * On stdout, the output's folder is taken to be the current folder.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The package root, from both `src/export` (ts-jest) and `dist/export` (built). */
export const PACKAGE_ROOT = resolve(__dirname, '../..');
export const SCHEMA_FILE = resolve(PACKAGE_ROOT, 'schemas/ise-duo.schema.json');
const INSTALLED_SCHEMA = join('node_modules', 'ise-duo', 'schemas', 'ise-duo.schema.json');

export type SchemaRef = { kind: 'relative'; path: string } | { kind: 'none'; reason: string };

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The folders from `start` up to the file system's root, nearest first. */
function ancestors(start: string): string[] {
  const folders = [start];
  for (let parent = dirname(start); parent !== folders[folders.length - 1]; parent = dirname(parent)) {
    folders.push(parent);
  }
  return folders;
}

function repositoryRoot(folders: string[]): string | undefined {
  return (
    folders.find((f) => existsSync(join(f, '.git'))) ??
    folders.find((f) => existsSync(join(f, 'package.json')))
  );
}

/** Where the schema is for a file written to `outputFile` (absolute), or to stdout from `cwd` when absent. */
export function schemaReference(
  outputFile: string | undefined,
  cwd: string,
  schemaFile: string = SCHEMA_FILE,
): SchemaRef {
  const folder = outputFile ? dirname(outputFile) : cwd;
  const folders = ancestors(folder);
  const root = repositoryRoot(folders);
  if (!root) {
    return {
      kind: 'none',
      reason: `${folder} is in no git repository or npm project, so no path to the schema is known to stay right`,
    };
  }
  const inRepository = folders.slice(0, folders.indexOf(root) + 1);
  const candidates = [
    ...(isInside(schemaFile, root) ? [schemaFile] : []),
    ...inRepository.map((f) => join(f, INSTALLED_SCHEMA)),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found) return { kind: 'relative', path: relative(folder, found).split(sep).join('/') };
  return {
    kind: 'none',
    reason: `the schema of this ise-duo (${schemaFile}) is outside the repository ${root}, so a path to it would be right on this machine only`,
  };
}

/** The header's first lines: the `$schema` line, or why there is none and how to add one. */
export function schemaHeaderLines(ref: SchemaRef): string[] {
  if (ref.kind === 'relative') return [`# yaml-language-server: $schema=${ref.path}`];
  return [
    `# No $schema line for editors: ${ref.reason}.`,
    '# To add one, install ise-duo into this repository (a devDependency) and export again, or write the',
    '# line by hand with the schema\'s path relative to this file (README, "Editor support").',
  ];
}
