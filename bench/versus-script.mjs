// Section 5: the seed's blind four-call script (bench/blind-script.mjs) against ise-duo's apply of
// examples/minimal.yaml (the same objects), on the same simulator, from empty and then from
// already-configured, at 0 and at 50 ms latency per request. Both run as processes, so both wall times
// include Node's start-up. Requests are counted from the simulator's log.
import { join } from 'node:path';
import { BENCH_DIR, CLI, childEnv, countByKind, countByMethod, ROOT, runChild } from './lib.mjs';

const EXAMPLE = 'examples/minimal.yaml';

async function once(sim, tool, state) {
  sim.clearLog();
  const env = childEnv({ ISE_URL: sim.url });
  const args =
    tool === 'blind script'
      ? [join(BENCH_DIR, 'blind-script.mjs')]
      : [CLI, 'apply', EXAMPLE, '--yes', '--format', 'json'];
  const r = await runChild(args, { env, cwd: ROOT, timeoutMs: 60000 });
  const log = sim.requestLog();
  const methods = countByMethod(log);
  const kinds = countByKind(log);
  const lastLine = (text) => text.trim().split('\n').filter(Boolean).at(-1) ?? '';
  return {
    tool,
    state,
    exitCode: r.code,
    outcome:
      r.code === 0
        ? 'succeeded'
        : `failed: ${lastLine(r.stderr)
            .replace(/^failed: /, '')
            .slice(0, 120)}`,
    requests: log.length,
    ...methods,
    configWrites: kinds.write,
    connectionTests: kinds.test,
    syncRunGets: kinds.syncRun,
    failedRequests: log.filter((e) => e.status >= 400).length,
    wallMs: r.ms,
  };
}

export async function runVersusScript(sim) {
  const rows = [];
  for (const latencyMs of [0, 50]) {
    for (const tool of ['blind script', 'ise-duo apply']) {
      sim.reset();
      sim.setLatency(latencyMs);
      rows.push({ latencyMs, ...(await once(sim, tool, 'from empty')) });
      rows.push({ latencyMs, ...(await once(sim, tool, 'already configured')) });
    }
  }
  sim.reset();
  return rows;
}
