/**
 * A fleet apply writes nothing unless every target's input is good: every file loads and validates, and
 * names an ISE with credentials. Otherwise one typo in one site's file, or a path mistyped on the command
 * line, failed only that target while the others were applied, and the run still exited 1, the code that
 * says nothing was written. octoDNS and Terraform check all their configuration before the first change
 * too. Loading each file twice costs under a millisecond a file, against a run that writes.
 */
import { loadNamedFile } from '../desired/load';
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
  for (const file of files) {
    const loaded = await loadNamedFile(file, cwd, env);
    if (!loaded.ok) {
      issues.push(...loaded.issues);
      continue;
    }
    try {
      resolveTarget(loaded.desired.target, env, { iseUrl });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      targets.push(`${file}: ${err.message}`);
    }
  }
  if (issues.length) throw new ConfigError(issues, HINT);
  if (targets.length) throw new UsageError(`no write was sent: ${targets.join('; ')}`, HINT);
}
