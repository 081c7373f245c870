/**
 * The `# yaml-language-server: $schema=…` line at the top of an exported file, so editors validate and
 * complete it. Which form it takes:
 * - the output lies inside the ise-duo package folder (the repository): a path relative to the output's
 *   folder, e.g. `../schemas/ise-duo.schema.json`, which stays right when the repository moves or is cloned;
 * - anywhere else (or on stdout, where the file's folder is taken to be the current folder): the absolute
 *   `file://` URL of the schema installed with this ise-duo, which works on this machine wherever the file
 *   goes. yaml-language-server accepts both forms.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The package root, from both `src/export` (ts-jest) and `dist/export` (built). */
export const PACKAGE_ROOT = resolve(__dirname, '../..');
export const SCHEMA_FILE = resolve(PACKAGE_ROOT, 'schemas/ise-duo.schema.json');

function isInside(folder: string, root: string): boolean {
  const rel = relative(root, folder);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The `$schema` value for a file written to `outputFile` (absolute), or to stdout from `cwd` when absent. */
export function schemaReference(outputFile: string | undefined, cwd: string): string {
  const folder = outputFile ? dirname(outputFile) : cwd;
  if (isInside(folder, PACKAGE_ROOT)) return relative(folder, SCHEMA_FILE).split(sep).join('/');
  return pathToFileURL(SCHEMA_FILE).href;
}

export function schemaComment(outputFile: string | undefined, cwd: string): string {
  return `# yaml-language-server: $schema=${schemaReference(outputFile, cwd)}`;
}
