/**
 * One file: the command runs as usual. Several files or a folder: a fleet run. Flags that only make sense
 * for one target are refused in fleet runs rather than silently applied to every target. The fleet's own
 * modules (runner, renderers, the one-writer check) load only for a fleet run: a one-file run never uses them.
 */

import { UsageError } from '../errors';
import { ExitCode } from '../exit-codes';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';
import { DEFAULT_PARALLELISM } from '../runtime/defaults';
import { expandTargets } from './expand-targets';
import type { FleetTarget } from './saved-plans';
import { fleetDigest, parseShard, selectShard } from './shard';

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

/**
 * One target's command. `savedPlan` is the target's own plan file in a fleet run with `plan --out <dir>`
 * or `apply --plan <dir>`: the file to save its plan to, or the saved plan to apply.
 */
export type RunOne = (
  file: string | undefined,
  ctx: CommandContext,
  savedPlan?: string,
) => Promise<CommandResult>;

export async function dispatch(
  command: 'plan' | 'apply' | 'drift',
  args: string[],
  options: DispatchOptions,
  ctx: CommandContext,
  runOne: RunOne,
): Promise<CommandResult> {
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (args.length === 0) {
    if (shard) throw new UsageError('--shard needs the fleet: give a folder or several files');
    return runOne(undefined, ctx);
  }
  const expanded = expandTargets(args, ctx.cwd);
  if (!expanded.fleet && !shard) return runOne(expanded.files[0], ctx);
  const all = expanded.files.map((file, i) => ({ file, relative: expanded.relative[i] }));
  // One plan file per target (./saved-plans.ts), checked before anything is read or written.
  const targets = shard ? selectShard(all, shard) : all;
  const saved = await savedPlans(command, options, all, targets, ctx.cwd);
  if (command === 'apply' && !options.yes) {
    throw new UsageError(
      'applying to several targets needs --yes',
      'review the fleet plan first, then add --yes',
    );
  }
  const files = targets.map((t) => t.file);
  const fleetShard = shard
    ? { ...shard, of: all.length, fleet: fleetDigest(all.map((t) => t.relative)) }
    : undefined;
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
  const result = await fleet(
    {
      command,
      files,
      parallelism: options.parallelism ?? DEFAULT_PARALLELISM,
      format: options.format,
      ...(fleetShard ? { shard: fleetShard } : {}),
    },
    saved ? withSavedPlans(saved, runOne) : runOne,
    ctx,
  );
  // Every target's plan was saved (a failed one exits 1 and saved none): say how to apply exactly them.
  if (command === 'plan' && options.out && result.exitCode !== ExitCode.ERROR) {
    const { fleetPlansSavedNotice } = await import('../render/plan');
    ctx.err(fleetPlansSavedNotice(files.length, options.out, args, options.shard));
  }
  return result;
}

/** `--out <dir>` of a fleet plan, `--plan <dir>` of a fleet apply: each target's plan file; none otherwise. */
async function savedPlans(
  command: 'plan' | 'apply' | 'drift',
  options: DispatchOptions,
  all: FleetTarget[],
  selected: FleetTarget[],
  cwd: string,
): Promise<{ paths: Map<string, string>; forget?: (path: string) => void } | undefined> {
  if (!(command === 'plan' && options.out) && !(command === 'apply' && options.plan)) return undefined;
  const plans = await import('./saved-plans');
  if (command === 'apply') return { paths: plans.plansToApply(options.plan!, all, selected, cwd) };
  return {
    paths: plans.plansToSave(options.out!, all, cwd),
    forget: (path) => plans.forgetSavedPlan(path, cwd),
  };
}

/**
 * Runs each target with its own plan file. A plan that fails leaves none behind (an earlier run's would
 * otherwise sit beside this run's plans as if it were one of them).
 */
function withSavedPlans(
  saved: { paths: Map<string, string>; forget?: (path: string) => void },
  runOne: RunOne,
): RunOne {
  return async (file, ctx) => {
    const path = saved.paths.get(file as string);
    try {
      return await runOne(file, ctx, path);
    } catch (err) {
      if (path) saved.forget?.(path);
      throw err;
    }
  };
}
