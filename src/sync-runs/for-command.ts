/**
 * The part of running syncs that `sync` and `apply` share: choose terminal progress or log lines, apply the
 * wait settings, wire Ctrl-C, and say whether every run succeeded.
 */
import type { IseClient } from '../client/types';
import type { SyncRunResult } from '../model/reports';
import { interruptedLine, resultLines, terminalProgress } from '../render/sync-progress';
import type { CommandContext } from '../runtime/context';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_SYNC_TIMEOUT_SECONDS } from '../runtime/defaults';
import { loggedProgress } from './logged-progress';
import { runSyncs } from './run-syncs';

export interface SyncWaitOptions {
  /** How long to wait for all runs to end. Default 600 s. */
  timeoutSeconds?: number;
  /** Time between status polls. Default 1 s; tests make it short. */
  pollIntervalMs?: number;
}

export interface SyncBatch {
  results: SyncRunResult[];
  allSucceeded: boolean;
}

/** Runs `names`, writes one result line per sync through `report`, and says whether all succeeded. */
export async function runSyncBatch(
  client: IseClient,
  names: readonly string[],
  wait: SyncWaitOptions,
  ctx: CommandContext,
  report: (text: string) => void,
): Promise<SyncBatch> {
  const progress = ctx.errIsTTY ? terminalProgress(ctx.err) : loggedProgress(ctx.logger);
  const results = await runSyncs(client, names, {
    timeoutMs: (wait.timeoutSeconds ?? DEFAULT_SYNC_TIMEOUT_SECONDS) * 1000,
    pollIntervalMs: wait.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    signal: ctx.signal,
    progress,
  });
  report(resultLines(results));
  if (ctx.signal?.aborted) report(interruptedLine(results));
  return { results, allSucceeded: results.every((r) => r.outcome === 'Success') };
}
