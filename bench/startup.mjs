// Section 4: whole-process start-up. `node -e 0`, `ise-duo --version` and `ise-duo validate
// examples/minimal.yaml` are run interleaved (one of each per round, so load changes on a shared machine hit
// all three alike), RUNS rounds after WARMUP unmeasured ones; medians, each as a ratio to `node -e 0`.
import { CLI, childEnv, median, runChild } from './lib.mjs';

export const RUNS = 21;
const WARMUP = 2;
export const TARGET_RATIO = 3;

export const STARTUP_COMMANDS = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'ise-duo --version', args: [CLI, '--version'] },
  { name: 'ise-duo validate examples/minimal.yaml', args: [CLI, 'validate', 'examples/minimal.yaml'] },
];

export async function runStartup() {
  const env = childEnv();
  const times = STARTUP_COMMANDS.map(() => []);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const [i, command] of STARTUP_COMMANDS.entries()) {
      const r = await runChild(command.args, { env, timeoutMs: 30000 });
      if (r.code !== 0) throw new Error(`${command.name} exited ${r.code}: ${r.stderr}`);
      if (round >= WARMUP) times[i].push(r.ms);
    }
  }
  const baseline = median(times[0]);
  return STARTUP_COMMANDS.map((command, i) => {
    const ms = median(times[i]);
    const sorted = [...times[i]].sort((a, b) => a - b);
    return {
      command: command.name,
      runs: RUNS,
      medianMs: ms,
      minMs: sorted[0],
      maxMs: sorted.at(-1),
      ratio: ms / baseline,
      met: i === 0 ? undefined : ms / baseline <= TARGET_RATIO,
    };
  });
}
