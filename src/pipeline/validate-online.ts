/**
 * `validate --online`: after a file passes the offline checks, its AD join point and group names, and the
 * policy sets and library conditions its MFA rules name, are checked against the ISE it targets (the file's
 * `ise:` block, ISE_URL, or `--ise-url`), with a read-only client.
 *
 * Every outcome is an issue of that file rather than an exception, so that validating a folder of site files
 * reports every file: no target or an unreachable ISE is an error of that file; MFA switched off on ISE (it
 * then refuses to list join points) is a warning that the AD names were not checked. Policy sets and library
 * conditions are listed whether MFA is on or not, so MFA rules are checked either way.
 */
import { createIseClient } from '../client/ise-client';
import type { LoadResult } from '../desired/load';
import { ApiError, type Issue, UsageError } from '../errors';
import { clientCatalogue, ersCatalogue } from '../online/catalogue';
import { hideHeldSecrets } from '../online/hide-held';
import { checkNamesOnline } from '../online/name-check';
import { checkRuleNamesOnline } from '../online/rule-name-check';
import type { CommandContext } from '../runtime/context';
import { resolveTarget } from './target';

export interface OnlineOptions {
  iseUrl?: string;
}

function fileIssue(file: string, message: string, severity: Issue['severity']): Issue {
  return { file, line: 0, column: 0, pointer: '', message: `--online: ${message}`, severity };
}

async function check(
  result: LoadResult & { ok: true },
  path: string,
  shown: string,
  options: OnlineOptions,
  ctx: CommandContext,
) {
  const secrets = result.desired.secrets.revealAll();
  ctx.secrets?.add([...secrets, result.desired.target.password?.reveal()]);
  const target = resolveTarget(result.desired.target, ctx.env, { ...options, secrets });
  const client = createIseClient({
    ...target,
    baseUrl: target.url,
    readOnly: true,
    stopReads: ctx.signal,
    // The file's keys too, not only the login: a name on ISE that holds one is hidden in the suggestions.
    secrets: result.desired.secrets,
    logger: 'target' in ctx.logger.bindings() ? ctx.logger : ctx.logger.child({ target: shown }),
  });
  const mfaOn = await client.getMfaStatus(); // also proves the target answers, even with nothing to check
  const issues: Issue[] = [];
  if (result.desired.identitySyncs.length > 0 && !mfaOn) {
    // Duo's lookups answer 403 while MFA is off; ERS answers, where it is on and the account may use it.
    const ers = await ersCatalogue(client, result.desired.identitySyncs);
    if ('catalogue' in ers) issues.push(...(await checkNamesOnline(path, shown, ctx.env, ers.catalogue)));
    else {
      const message =
        `MFA is off on ${target.url}, so Duo's lookups list no AD join points, and ERS answered ` +
        `${ers.unavailable}; AD names not checked (turn on ERS for an account with an ERS role to check them)`;
      issues.push(fileIssue(shown, message, 'warning'));
    }
  } else if (result.desired.identitySyncs.length > 0) {
    issues.push(...(await checkNamesOnline(path, shown, ctx.env, clientCatalogue(client))));
  }
  if (result.desired.mfaPolicies.length > 0)
    issues.push(...(await checkRuleNamesOnline(path, shown, ctx.env, client)));
  return (await hideHeldSecrets(issues, client)).sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Online issues of one file the loader read (none when it has offline errors: those come first). */
export async function onlineIssues(
  result: LoadResult,
  path: string,
  shown: string,
  options: OnlineOptions,
  ctx: CommandContext,
): Promise<Issue[]> {
  if (!result.ok) return [];
  try {
    return await check(result, path, shown, options, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      return [fileIssue(shown, `${err.message}${err.hint ? ` (${err.hint})` : ''}`, 'error')];
    }
    if (err instanceof ApiError) return [fileIssue(shown, err.message, 'error')];
    throw err;
  }
}
