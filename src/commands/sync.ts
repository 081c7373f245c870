/**
 * `ise-duo sync <file> [name…]`: day 2, push AD users to Duo now. Starts the named identity syncs (default:
 * every sync the file declares), waits for each to end, and exits 0 only when all succeeded; 1 when any
 * failed, was cancelled, did not end within `--timeout`, or could not start. Ctrl-C cancels the runs
 * through the API before exiting.
 *
 * The names must be in the file (the file is what ise-duo manages) and on ISE (run apply first): both are
 * checked, read-only, before the first run is started.
 */
import { UsageError } from '../errors';
import { ExitCode } from '../exit-codes';
import { type PreparedTarget, prepareTarget, type TargetOptions } from '../pipeline/prepare-target';
import { syncForcedExit } from '../render/sync-progress';
import type { CommandContext, CommandResult } from '../runtime/context';
import { runSyncBatch, type SyncWaitOptions } from '../sync-runs/for-command';

export interface SyncCommandOptions extends TargetOptions, SyncWaitOptions {
  file: string;
  /** Sync names; empty for all the file's syncs. */
  names: string[];
}

function chooseNames(prepared: PreparedTarget, asked: string[]): string[] {
  const declared = prepared.desired.identitySyncs.map((s) => s.name);
  if (declared.length === 0) {
    throw new UsageError(`${prepared.file} declares no identity syncs`, 'add one under identitySyncs:');
  }
  if (asked.length === 0) return declared;
  const unknown = asked.filter((n) => !declared.includes(n));
  if (unknown.length) {
    throw new UsageError(
      `not an identity sync in ${prepared.file}: ${unknown.map((n) => `"${n}"`).join(', ')}`,
      `the file's identity syncs are: ${declared.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  return [...new Set(asked)];
}

async function checkOnIse(prepared: PreparedTarget, names: string[]): Promise<void> {
  if (!(await prepared.reader.getMfaStatus())) {
    throw new UsageError(
      `MFA is off on ${prepared.target.url}, so it has no identity syncs`,
      'run apply first',
    );
  }
  const live = new Set((await prepared.reader.listIdentitySyncs()).map((s) => s.name));
  const missing = names.filter((n) => !live.has(n));
  if (missing.length) {
    throw new UsageError(
      `not on ${prepared.target.url} yet: identity sync ${missing.map((n) => `"${n}"`).join(', ')}`,
      'run apply first',
    );
  }
}

export async function sync(options: SyncCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  const prepared = await prepareTarget(options.file, options, ctx);
  const names = chooseNames(prepared, options.names);
  await checkOnIse(prepared, names);
  // A second signal exits at once, without the result lines: say what reached ISE (starts, cancels).
  const forget =
    ctx.atForcedExit?.((write) =>
      write(syncForcedExit(prepared.file, prepared.target.url, prepared.journal.describe())),
    ) ?? (() => {});
  const batch = await runSyncBatch(prepared.writer(), names, options, ctx, ctx.out).finally(forget);
  // Interrupted (Ctrl-C, SIGTERM): the runs still going were cancelled through the API; 130 as for apply.
  if (ctx.signal?.aborted) return { exitCode: ExitCode.INTERRUPTED };
  return { exitCode: batch.allSucceeded ? ExitCode.OK : ExitCode.ERROR };
}
