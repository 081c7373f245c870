/**
 * How far V8 lets the heap grow past what a collection left alive, for fleet runs.
 *
 * A fleet run keeps little alive (about 25 MB with 128 targets in flight: their desired states, clients and
 * sockets), but every target's objects outlive a few young-generation collections while its reads wait on
 * the network, so they are promoted and die in the old generation. After each full collection V8 lets the
 * old generation grow to up to 4× what survived before it collects again (it does so when collections are
 * cheap, and here they are), so a fleet of 1,000 targets at --parallelism 128 peaked at 170-185 MB of RSS
 * for 25 MB of live data. A factor of 2 keeps the peak near 140 MB at the same CPU (bench section 7).
 *
 * `--heap-growing-percent` is one of the V8 flags read on every heap-limit computation, so setting it after
 * start-up takes effect from the next collection on. It changes only when V8 collects, never what is kept.
 * An operator's own setting (NODE_OPTIONS or node's command line) wins.
 */
import { setFlagsFromString } from 'node:v8';

export const FLEET_HEAP_GROWING_PERCENT = 100;
const FLAG = '--heap-growing-percent';

function setByOperator(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  return [...execArgv, env.NODE_OPTIONS ?? ''].some((arg) => arg.includes(FLAG.slice(2)));
}

/** Bounds heap growth for the rest of the process, unless the operator set it. Returns whether it did. */
export function boundHeapGrowthForFleet(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): boolean {
  if (setByOperator(env, execArgv)) return false;
  setFlagsFromString(`${FLAG}=${FLEET_HEAP_GROWING_PERCENT}`);
  return true;
}
