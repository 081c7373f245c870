// Section 3: a fleet of 100 targets at 50 ms latency per request. 100 files in one folder, each one target
// (1 identity sync + 1 Duo connection that ISE already holds, so each plan reads 6 GETs over 3 round trips),
// spread over SIMULATORS simulators in this process (`ise.url: ${env:SIM_URL_k}`). One process runs
// `node dist/cli.js plan <dir> --parallelism 16 --format json`, then the same with `--parallelism 1` (one
// after another); wall time and peak RSS of each.
import { join } from 'node:path';
import {
  CLI,
  childEnv,
  DUO_ENV,
  dist,
  runChild,
  runInProcess,
  startSim,
  tempDir,
  writeSite,
} from './lib.mjs';

export const TARGETS = 100;
export const SIMULATORS = 4;
export const LATENCY_MS = 50;
export const PARALLELISM = 16;
export const TARGET_WALL_MS = 3000;
export const TARGET_RSS_MB = 200;

/** Whether the CLI has fleet mode (`--parallelism`). */
export async function fleetAvailable() {
  const r = await runChild([CLI, 'plan', '--help'], { env: childEnv() });
  return r.stdout.includes('--parallelism');
}

export async function runFleet() {
  const { apply } = dist('commands/apply.js');
  const sims = [];
  try {
    for (let i = 0; i < SIMULATORS; i++) sims.push(await startSim());
    const dir = tempDir('ise-duo-bench-fleet-');
    const env = childEnv(Object.fromEntries(sims.map((s, k) => [`SIM_URL_${k}`, s.url])));
    const parts = { syncs: 1, connections: 1 };
    for (const [k, sim] of sims.entries()) {
      // Configure each simulator once, so that every target's plan reads everything (no changes).
      const setup = writeSite(tempDir(), 'setup.yaml', parts);
      const r = await runInProcess(
        apply,
        { file: setup, format: 'json', yes: true },
        { ...DUO_ENV, ISE_URL: sim.url },
      );
      if (r.code !== 0) throw new Error(`fleet setup failed on simulator ${k}: ${r.err}`);
    }
    for (let t = 0; t < TARGETS; t++) {
      writeSite(dir, `site-${String(t).padStart(3, '0')}.yaml`, {
        ...parts,
        urlVar: `SIM_URL_${t % SIMULATORS}`,
      });
    }
    const runs = [];
    for (const parallelism of [PARALLELISM, 1]) {
      for (const sim of sims) {
        sim.clearLog();
        sim.setLatency(LATENCY_MS);
      }
      const r = await runChild([CLI, 'plan', dir, '--parallelism', String(parallelism), '--format', 'json'], {
        env,
        rss: true,
        timeoutMs: 180000,
      });
      for (const sim of sims) sim.setLatency(0);
      const requests = sims.reduce((n, s) => n + s.requestLog().length, 0);
      let targets;
      let ok;
      try {
        const report = JSON.parse(r.stdout);
        targets = report.targets.length;
        ok = report.targets.filter((t) => t.exitCode === 0 && t.changes === 0).length;
      } catch {
        targets = 0;
        ok = 0;
      }
      runs.push({
        parallelism,
        targets,
        targetsOk: ok,
        exitCode: r.code,
        requests,
        wallMs: r.ms,
        peakRssMb: r.rssMb,
        error: r.code === 0 ? undefined : r.stderr.slice(0, 500),
      });
    }
    const [parallel, serial] = runs;
    return {
      targets: TARGETS,
      simulators: SIMULATORS,
      latencyMs: LATENCY_MS,
      rssMethod: (await import('./lib.mjs')).hasGnuTime ? '/usr/bin/time -f %M' : '/proc/<pid>/status VmHWM',
      dir: join('(temp)', 'site-NNN.yaml'),
      runs,
      speedup: serial.wallMs / parallel.wallMs,
      met: {
        wall: parallel.exitCode === 0 && parallel.wallMs <= TARGET_WALL_MS,
        rss: parallel.peakRssMb <= TARGET_RSS_MB,
      },
    };
  } finally {
    await Promise.all(sims.map((s) => s.stop()));
  }
}
