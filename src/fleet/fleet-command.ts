/**
 * Runs plan, apply or drift over several targets and prints one grouped result. The exit code is the worst
 * of all the targets' (`fleetExitCode`).
 */
import { sizeAgentsFor } from '../client/agent';
import { UsageError } from '../errors';
import type { ExitCodeValue } from '../exit-codes';
import type { FleetShard, FleetTargetResult } from '../model/reports';
import { fleetInterruptingNotice, renderFleetResult } from '../render/fleet';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';
import { boundHeapGrowthForFleet } from '../runtime/heap-growth';
import { fleetExitCode, runFleet } from './run-fleet';

export interface FleetOptions {
  command: 'plan' | 'apply' | 'drift';
  files: string[];
  parallelism: number;
  format: OutputFormat;
  /** Set for `--shard`: which part this run is, and how many targets all parts hold together. */
  shard?: FleetShard;
}

export async function fleet(
  options: FleetOptions,
  run: (file: string, ctx: CommandContext) => Promise<CommandResult>,
  ctx: CommandContext,
): Promise<CommandResult> {
  if (!Number.isInteger(options.parallelism) || options.parallelism < 1) {
    throw new UsageError(`--parallelism must be a whole number of at least 1, not ${options.parallelism}`);
  }
  // Idle sockets for every target that runs at once, so each target's reads reuse their connections.
  sizeAgentsFor(options.parallelism);
  boundHeapGrowthForFleet();
  const notice = () => ctx.err(fleetInterruptingNotice(options.command));
  ctx.signal?.addEventListener('abort', notice, { once: true });
  const results = await runFleet(options.files, options.parallelism, run, ctx).finally(() =>
    ctx.signal?.removeEventListener('abort', notice),
  );
  return { exitCode: printFleetResult(options.command, results, options.format, ctx, options.shard) };
}

/** Prints the fleet's one result and returns its exit code. */
function printFleetResult(
  command: FleetOptions['command'],
  results: FleetTargetResult[],
  format: OutputFormat,
  ctx: CommandContext,
  shard: FleetShard | undefined,
): ExitCodeValue {
  const exitCode = fleetExitCode(command, results);
  // Each target's output is scrubbed of its own secrets; the grouped output also of every other target's,
  // so a file cannot print a key that another file of the run uses (B's description holding A's sKey).
  // The results are scrubbed before they are rendered, so a summary line's cut cannot leave a piece of one.
  const shown = ctx.secrets ? ctx.secrets.scrubDeep(results) : results;
  ctx.out(renderFleetResult(command, exitCode, shown, format, shard));
  return exitCode;
}

/**
 * A fleet apply refused before its first request (`apply-refusal.ts`): the error goes to stderr as for any
 * run; a report format also gets the fleet report, every target in it, so the pipeline that posts or merges
 * reports has one to post. Text gets nothing more: the error already says it all.
 */
export function reportRefusal(
  results: FleetTargetResult[],
  format: OutputFormat,
  ctx: CommandContext,
  shard?: FleetShard,
): void {
  if (format !== 'text') printFleetResult('apply', results, format, ctx, shard);
}
