/**
 * A desired-state file read and parsed again, to place at their line and column the findings made after
 * the load (the online name checks, the caFile check): the loaded state keeps no source positions, and
 * most runs have nothing to place, so the text is read again only when there is. Read as the load reads it
 * (bounded, regular files only); undefined when that or the parse fails: the load reported it already.
 */
import { parseYaml } from './parse-yaml';
import { readDesiredFile } from './read-file';
import type { SourceMap } from './source-map';

export async function reparse(
  path: string,
  label: string,
): Promise<{ map: SourceMap; value: Record<string, unknown> } | undefined> {
  const read = await readDesiredFile(path, label);
  if (!read.ok) return undefined;
  const parsed = parseYaml(read.text);
  if (!parsed.ok) return undefined;
  const { doc, lineCounter, value } = parsed.parsed;
  return { map: { file: label, doc, lineCounter, text: read.text }, value };
}
