/**
 * One file: the command runs as usual. Several files or a folder: a fleet run. Flags that only make sense
 * for one target are refused in fleet runs rather than silently applied to every target. The fleet's own
 * modules (runner, renderers, the one-writer check) load only for a fleet run: a one-file run never uses them.
 */

import { UsageError } from '../errors';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';
import { DEFAULT_PARALLELISM } from '../runtime/defaults';
import { expandTargets } from './expand-targets';
import { parseShard, selectShard } from './shard';

export interface DispatchOptions {
  format: OutputFormat;
  parallelism?: number;
  out?: string;
  plan?: string;
  yes?: boolean;
  /** `--ise-url`: the same ISE for every file, so a fleet run with it is refused (one writer per ISE). */
  iseUrl?: string;
  /** `--shard K/N`: run only this part of the targets; always a fleet run (see `./shard.ts`). */
  shard?: string;
}

export async function dispatch(
  command: 'plan' | 'apply' | 'drift',
  args: string[],
  options: DispatchOptions,
  ctx: CommandContext,
  runOne: (file: string | undefined, ctx: CommandContext) => Promise<CommandResult>,
): Promise<CommandResult> {
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (args.length === 0) {
    if (shard) throw new UsageError('--shard needs the fleet: give a folder or several files');
    return runOne(undefined, ctx);
  }
  const expanded = expandTargets(args, ctx.cwd);
  if (!expanded.fleet && !shard) return runOne(expanded.files[0], ctx);
  const all = expanded.files.map((file, i) => ({ file, relative: expanded.relative[i] }));
  const files = (shard ? selectShard(all, shard) : all).map((f) => f.file);
  if (options.out) throw new UsageError('--out saves one plan; it cannot be used with several targets');
  if (options.plan) {
    throw new UsageError(
      '--plan applies one saved plan to its one ISE; it cannot be used with a folder, several files or --shard',
      `name at most the plan's own desired-state file: ise-duo apply <file> --plan ${options.plan}`,
    );
  }
  if (command === 'apply' && !options.yes) {
    throw new UsageError(
      'applying to several targets needs --yes',
      'review the fleet plan first, then add --yes',
    );
  }
  const fleetShard = shard ? { ...shard, of: all.length } : undefined;
  // Reads may share an ISE (a fleet of plans against one lab is fine); writers may not.
  if (command === 'apply') {
    const { applyRefusal } = await import('./apply-refusal');
    const refusal = await applyRefusal(files, ctx.cwd, ctx.env, options.iseUrl);
    if (refusal) {
      const { reportRefusal } = await import('./fleet-command');
      reportRefusal(refusal.results, options.format, ctx, fleetShard);
      throw refusal.error;
    }
  }
  const { fleet } = await import('./fleet-command');
  return fleet(
    {
      command,
      files,
      parallelism: options.parallelism ?? DEFAULT_PARALLELISM,
      format: options.format,
      ...(fleetShard ? { shard: fleetShard } : {}),
    },
    runOne,
    ctx,
  );
}
