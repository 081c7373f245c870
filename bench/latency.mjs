// Section 2: plan wall time with 50 ms added to every simulator response, as a ratio to three round trips
// (150 ms: status, then the lists, then the details). Measured against an ISE that holds every object in the
// file (the plan then needs all three round trips), for 1 and 20 objects, two ways:
//   - in-process, through the library API (`dist/commands/plan`), which is what the target is about: the
//     reads and the planner;
//   - as a process (`node dist/cli.js plan <file> --format json`), which adds Node's and ise-duo's start-up
//     (section 4 measures that on its own).
import {
  CLI,
  childEnv,
  DUO_ENV,
  dist,
  median,
  objectCounts,
  runChild,
  runInProcess,
  tempDir,
  writeSite,
} from './lib.mjs';

export const LATENCY_MS = 50;
export const ROUND_TRIPS = 3;
export const TARGET_RATIO = 1.5;
const RUNS = 7;

export async function runLatency(sim) {
  const { plan } = dist('commands/plan.js');
  const { apply } = dist('commands/apply.js');
  const dir = tempDir();
  const env = { ...DUO_ENV, ISE_URL: sim.url };
  const bound = LATENCY_MS * ROUND_TRIPS;
  const rows = [];
  for (const n of [1, 20]) {
    const parts = objectCounts(n);
    const file = writeSite(dir, `latency-${n}.yaml`, parts);
    sim.reset();
    const setup = await runInProcess(apply, { file, format: 'json', yes: true }, env);
    if (setup.code !== 0) throw new Error(`latency setup apply failed: ${setup.err}`);
    sim.setLatency(LATENCY_MS);
    // One unmeasured run warms the module cache and JIT, as the CLI's one plan per process would not be:
    // the in-process figure is the steady cost of reads + planning; the process figure has the cold one.
    await runInProcess(plan, { file, format: 'json' }, env);
    const inProcess = [];
    const processes = [];
    let requests = 0;
    for (let i = 0; i < RUNS; i++) {
      sim.clearLog();
      const r = await runInProcess(plan, { file, format: 'json' }, env);
      if (r.code !== 0) throw new Error(`plan failed: ${r.err}`);
      inProcess.push(r.ms);
      requests = sim.requestLog().length;
      const c = await runChild([CLI, 'plan', file, '--format', 'json'], {
        env: childEnv({ ISE_URL: sim.url }),
      });
      if (c.code !== 0) throw new Error(`plan process failed (${c.code}): ${c.stderr}`);
      processes.push(c.ms);
    }
    sim.setLatency(0);
    const inMs = median(inProcess);
    const procMs = median(processes);
    rows.push({
      objects: n,
      ...parts,
      requests,
      latencyMs: LATENCY_MS,
      boundMs: bound,
      runs: RUNS,
      inProcessMs: inMs,
      inProcessRatio: inMs / bound,
      inProcessMinMs: Math.min(...inProcess),
      processMs: procMs,
      processRatio: procMs / bound,
      met: inMs / bound <= TARGET_RATIO,
    });
  }
  sim.reset();
  return rows;
}
