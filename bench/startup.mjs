// Section 4: whole-process start-up. `node -e 0`, `ise-duo --version` and `ise-duo validate
// examples/minimal.yaml` are run interleaved (one of each per round, so load changes on a shared machine hit
// all three alike), RUNS rounds after WARMUP unmeasured ones; medians, each as a ratio to `node -e 0`.
//
// Each run is timed by bash's `time` around the exec of the process (millisecond resolution, without
// bash's own start-up): real time (wall, what the target is about) and CPU time (user + sys), which a busy
// machine disturbs much less than wall time and so shows what the process itself costs. Without bash, wall
// time is taken around spawn and CPU time is not reported.
import { existsSync } from 'node:fs';
import { CLI, childEnv, median, runChild } from './lib.mjs';

export const RUNS = 21;
const WARMUP = 2;
export const TARGET_RATIO = 3;
const BASH = '/bin/bash';

export const STARTUP_COMMANDS = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'ise-duo --version', args: [CLI, '--version'] },
  { name: 'ise-duo validate examples/minimal.yaml', args: [CLI, 'validate', 'examples/minimal.yaml'] },
];

const TIMED = 'TIMEFORMAT="%3R %3U %3S"; { time "$@" >/dev/null 2>&1; } 2>&1';

/** One run: wall ms, CPU ms (user + sys) or undefined, exit code. */
export async function timedRun(args, env) {
  if (!existsSync(BASH)) {
    const r = await runChild(args, { env, timeoutMs: 30000 });
    return { wallMs: r.ms, cpuMs: undefined, code: r.code, stderr: r.stderr };
  }
  const r = await runChild(['-c', TIMED, 'bash', process.execPath, ...args], {
    env,
    timeoutMs: 30000,
    exe: BASH,
  });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stdout);
  if (!m) return { code: r.code ?? 1, stderr: `${r.stdout}${r.stderr}` };
  return { wallMs: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, code: r.code };
}

export async function runStartup() {
  const env = childEnv();
  const wall = STARTUP_COMMANDS.map(() => []);
  const cpu = STARTUP_COMMANDS.map(() => []);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const [i, command] of STARTUP_COMMANDS.entries()) {
      const r = await timedRun(command.args, env);
      if (r.code !== 0) throw new Error(`${command.name} exited ${r.code}: ${r.stderr}`);
      if (round < WARMUP) continue;
      wall[i].push(r.wallMs);
      if (r.cpuMs !== undefined) cpu[i].push(r.cpuMs);
    }
  }
  const baseline = median(wall[0]);
  const cpuBaseline = cpu[0].length ? median(cpu[0]) : undefined;
  return STARTUP_COMMANDS.map((command, i) => {
    const ms = median(wall[i]);
    const cpuMs = cpu[i].length ? median(cpu[i]) : undefined;
    return {
      command: command.name,
      runs: RUNS,
      medianMs: ms,
      minMs: Math.min(...wall[i]),
      maxMs: Math.max(...wall[i]),
      ratio: ms / baseline,
      cpuMedianMs: cpuMs,
      cpuRatio: cpuMs !== undefined && cpuBaseline ? cpuMs / cpuBaseline : undefined,
      met: i === 0 ? undefined : ms / baseline <= TARGET_RATIO,
    };
  });
}
