/**
 * The order writes are sent in. The plan's changes are already sorted by dependency phase (the switch, then
 * syncs, then the connections that name them; deletes in reverse). A phase starts only after every change
 * of the phase before it ended. Within a phase, changes of a kind whose writes are independent
 * (`independentWrites` on its spec: each object has its own URL and body) run at once, up to `parallelism`;
 * other kinds' changes (rules of a policy set) form one lane and run one after another in plan order.
 *
 * Stop at the first failure, per phase: once a change fails (or the write gate refuses one, on Ctrl-C), no
 * further change starts; the ones already sent finish and are reported as what they became. Every outcome
 * is recorded by the change's index in the plan, so the caller reports in plan order whatever the timing.
 */
import type { Change } from '../model/plan';
import { phaseOf } from '../planner/order';
import { specOf } from '../resources/registry';

/** What became of one change: done (its value), failed (the error), or never started. */
export type Outcome<R> = { done: R } | { error: unknown } | { notStarted: true };

/** Consecutive changes of one phase, split into lanes that may run side by side. */
function lanesOf(changes: Change[]): number[][][] {
  const phases: number[][][] = [];
  let current = Number.NaN;
  let lanes = new Map<string, number[]>();
  changes.forEach((change, i) => {
    const phase = phaseOf(change);
    if (phase !== current) {
      lanes = new Map();
      phases.push([]);
      current = phase;
    }
    const key = specOf(change.kind).independentWrites ? `${change.kind}\u0000${change.name}` : change.kind;
    let lane = lanes.get(key);
    if (!lane) {
      lane = [];
      lanes.set(key, lane);
      phases[phases.length - 1].push(lane);
    }
    lane.push(i);
  });
  return phases;
}

/**
 * Given to `run`: `hold()` when a change's write failed and what it became is still being decided (a
 * re-read): no further change starts until the returned `release` is called, with whether the change
 * failed after all. A lost answer that the re-read shows as applied is no failure, so the phase goes on;
 * one that is a failure stops it, and nothing was started meanwhile.
 */
export type Hold = () => (failed: boolean) => void;

/** Runs `run` for each change, phase by phase, at most `parallelism` at once; any throw stops the rest. */
export async function runPhases<C extends Change, R>(
  changes: C[],
  parallelism: number,
  run: (change: C, hold: Hold) => Promise<R>,
): Promise<Outcome<R>[]> {
  const outcomes: Outcome<R>[] = changes.map(() => ({ notStarted: true }));
  let stopped = false;
  const held = new Set<Promise<void>>();
  const hold: Hold = () => {
    let release!: () => void;
    const pending = new Promise<void>((resolve) => {
      release = resolve;
    });
    held.add(pending);
    return (failed) => {
      if (failed) stopped = true;
      held.delete(pending);
      release();
    };
  };
  /** Waits out every change whose failure is being decided; then whether to stop. */
  const mayStart = async () => {
    while (held.size > 0) await Promise.all(held);
    return !stopped;
  };
  for (const lanes of lanesOf(changes)) {
    if (stopped) break;
    let next = 0;
    const worker = async () => {
      while ((await mayStart()) && next < lanes.length) {
        const lane = lanes[next++];
        for (const i of lane) {
          if (!(await mayStart())) return;
          try {
            outcomes[i] = { done: await run(changes[i], hold) };
          } catch (error) {
            outcomes[i] = { error };
            stopped = true;
          }
        }
      }
    };
    const workers = Math.max(1, Math.min(parallelism, lanes.length));
    await Promise.all(Array.from({ length: workers }, worker));
  }
  return outcomes;
}
