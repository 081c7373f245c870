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

/** Runs `run` for each change, phase by phase, at most `parallelism` at once; any throw stops the rest. */
export async function runPhases<C extends Change, R>(
  changes: C[],
  parallelism: number,
  run: (change: C) => Promise<R>,
): Promise<Outcome<R>[]> {
  const outcomes: Outcome<R>[] = changes.map(() => ({ notStarted: true }));
  let stopped = false;
  for (const lanes of lanesOf(changes)) {
    if (stopped) break;
    let next = 0;
    const worker = async () => {
      while (!stopped && next < lanes.length) {
        const lane = lanes[next++];
        for (const i of lane) {
          if (stopped) return;
          try {
            outcomes[i] = { done: await run(changes[i]) };
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
