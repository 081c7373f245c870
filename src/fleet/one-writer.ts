/**
 * One writer per ISE: a fleet apply never runs two targets against the same ISE. Two desired-state files for
 * one ISE would each see the other's objects as unmanaged (or prune them), and their applies would race,
 * each re-reading the other's writes. So the run is refused before any request, naming both files. Fleet
 * plans and drift checks only read, and may share an ISE (a load test, a lab holding every site's file).
 *
 * Each file's ISE is found the way the run would find it (`--ise-url`, then ISE_URL, then `ise.url` with its
 * `${env:…}` references), compared by scheme, port and host identity (`hostIdentity`: no trailing dot,
 * every loopback spelling one host), so `localhost`, `127.0.0.1` and `[::ffff:127.0.0.1]` are one ISE.
 * Reading only the `ise:` block keeps this cheap; a file that cannot be read or names no valid ISE is left
 * for its own target to report.
 */
import { resolve } from 'node:path';
import { resolveEnvReferences } from '../desired/env-refs';
import { parseYaml } from '../desired/parse-yaml';
import { readDesiredFile } from '../desired/read-file';
import { UsageError } from '../errors';
import { hostIdentity } from '../model/ise-url';
import { parseIseUrl } from '../pipeline/target';

async function iseOf(file: string, cwd: string, env: NodeJS.ProcessEnv, iseUrl?: string) {
  const [raw, source] = iseUrl ? [iseUrl, '--ise-url'] : env.ISE_URL ? [env.ISE_URL, 'ISE_URL'] : [];
  try {
    if (raw && source) return { url: parseIseUrl(raw, source), source };
    const read = await readDesiredFile(resolve(cwd, file));
    if (!read.ok) return undefined;
    const parsed = parseYaml(read.text);
    if (!parsed.ok) return undefined;
    const ise = (parsed.parsed.value as { ise?: { url?: unknown } } | null)?.ise;
    const url = (resolveEnvReferences(ise?.url ?? null, env).tree as unknown) ?? undefined;
    return typeof url === 'string' ? { url: parseIseUrl(url, 'ise.url'), source: 'ise.url' } : undefined;
  } catch {
    return undefined;
  }
}

/** One key per ISE: two URLs with one key reach the same server. */
function identityOf(origin: string): string {
  const url = new URL(origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${hostIdentity(url.hostname)}:${port}`;
}

/** The first two files of `files` for one ISE, with the error that refuses the run; undefined when none share. */
export async function sharedTarget(
  files: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  iseUrl?: string,
): Promise<{ files: [string, string]; error: UsageError } | undefined> {
  const seen = new Map<string, { file: string; url: string }>();
  for (const file of files) {
    const ise = await iseOf(file, cwd, env, iseUrl);
    if (!ise) continue;
    const key = identityOf(ise.url);
    const first = seen.get(key);
    if (first !== undefined) {
      const why = ise.source === 'ise.url' ? '' : ` (${ise.source} sets it for every file)`;
      const spelled = first.url === ise.url ? '' : ` (written ${first.url} in ${first.file})`;
      const error = new UsageError(
        `${first.file} and ${file} are both for ${ise.url}${spelled}${why}: a fleet apply never runs two targets against one ISE`,
        'keep one desired-state file per ISE, or run them one after another',
      );
      return { files: [first.file, file], error };
    }
    seen.set(key, { file, url: ise.url });
  }
  return undefined;
}
