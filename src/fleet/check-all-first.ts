/**
 * A fleet apply writes nothing unless every target's input is good: every file loads and validates, and
 * names an ISE with credentials. Otherwise one typo in one site's file, or a path mistyped on the command
 * line, failed only that target while the others were applied, and the run still exited 1, the code that
 * says nothing was written. octoDNS and Terraform check all their configuration before the first change
 * too. Loading each file twice more (the second time against every file's secrets) costs under a
 * millisecond a file, against a run that writes.
 */
import { type LoadResult, loadNamedFile } from '../desired/load';
import { ConfigError, type Issue, UsageError } from '../errors';
import { resolveTarget } from '../pipeline/target';

const HINT = 'a fleet apply writes nothing until every target is valid: fix these, or leave the files out';

export async function refuseBadTargets(
  files: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  iseUrl?: string,
): Promise<void> {
  const issues: Issue[] = [];
  const targets: string[] = [];
  const loaded: LoadResult[] = [];
  for (const file of files) loaded.push(await loadNamedFile(file, cwd, env)); // one open file at a time
  // Every file's keys and password: a file may not print another's either (its description holding the Duo
  // key of the site beside it would be written to its ISE and printed). Checked again with all of them.
  const secrets = [
    ...new Set(
      loaded.flatMap((l) =>
        l.ok ? [...l.desired.secrets.revealAll(), l.desired.target.password?.reveal() ?? ''] : [],
      ),
    ),
  ].filter((s) => s !== '');
  for (const [i, file] of files.entries()) {
    const first = loaded[i]!;
    const result = first.ok && secrets.length > 0 ? await loadNamedFile(file, cwd, env, secrets) : first;
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    try {
      resolveTarget(result.desired.target, env, { iseUrl, secrets: result.desired.secrets.revealAll() });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      targets.push(`${file}: ${err.message}`);
    }
  }
  if (issues.length) throw new ConfigError(issues, HINT);
  if (targets.length) throw new UsageError(`no write was sent: ${targets.join('; ')}`, HINT);
}
