// Fleet shapes for section 6 (scale): N targets over SIMULATORS simulators in this process, all at 50 ms,
// planned by one child process `node dist/cli.js plan <dir> --parallelism P --format json`, over plain HTTP
// or over HTTPS with `ise.caFile` (the documented real-ISE setup). Each target holds 1 sync + 1 connection
// that ISE already has, so each plan is 6 GETs in 3 dependent round trips. Measured: wall time, peak RSS,
// CPU time of the CLI process (GNU time), targets that planned with no changes, and failed targets.
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
import { makePki } from './pki.mjs';

export const SIMULATORS = 4;
export const LATENCY_MS = 50;
const PARTS = { syncs: 1, connections: 1 };

/**
 * Simulators for `https` (true: TLS with a per-run CA) and a folder of `targets` files spread over them.
 * `stop()` stops the simulators.
 */
export async function fleetFixture({ targets, https = false }) {
  const { apply } = dist('commands/apply.js');
  const pki = https ? makePki() : undefined;
  const sims = [];
  try {
    for (let i = 0; i < SIMULATORS; i++) {
      sims.push(await startSim(pki ? { tls: { cert: pki.cert, key: pki.key } } : {}));
    }
    for (const [k, sim] of sims.entries()) {
      // Configure each simulator once, so that every target's plan reads everything (no changes).
      const setup = writeSite(tempDir(), 'setup.yaml', { ...PARTS, caFile: pki?.caFile });
      const env = { ...DUO_ENV, ISE_URL: sim.url };
      const r = await runInProcess(apply, { file: setup, format: 'json', yes: true }, env);
      if (r.code !== 0) throw new Error(`fleet setup failed on simulator ${k}: ${r.err}`);
    }
    const dir = tempDir('ise-duo-bench-fleet-');
    for (let t = 0; t < targets; t++) {
      const name = `site-${String(t).padStart(4, '0')}.yaml`;
      writeSite(dir, name, { ...PARTS, urlVar: `SIM_URL_${t % SIMULATORS}`, caFile: pki?.caFile });
    }
    const env = childEnv(Object.fromEntries(sims.map((s, k) => [`SIM_URL_${k}`, s.url])));
    return { dir, env, sims, targets, https, stop: () => Promise.all(sims.map((s) => s.stop())) };
  } catch (err) {
    await Promise.all(sims.map((s) => s.stop()));
    throw err;
  }
}

/**
 * The targets of `--shard K/N` of the fixture's folder, as the CLI picks them (a hash of each file's path
 * relative to the folder, src/fleet/shard.ts).
 */
export function shardTargets(fixture, shard) {
  const { expandTargets } = dist('fleet/expand-targets.js');
  const { parseShard, selectShard } = dist('fleet/shard.js');
  const { files, relative } = expandTargets([fixture.dir], fixture.dir);
  return selectShard(
    files.map((file, i) => ({ file, relative: relative[i] })),
    parseShard(shard),
  ).length;
}

/**
 * One `plan <dir>` of the fixture at `parallelism`, with the simulators at LATENCY_MS. `shard` ("K/N")
 * plans only that part of the folder; failed and CPU per target then count that part's targets.
 */
export async function planFleet(fixture, parallelism, { shard } = {}) {
  const extraArgs = shard ? ['--shard', shard] : [];
  const targets = shard ? shardTargets(fixture, shard) : fixture.targets;
  for (const sim of fixture.sims) {
    sim.clearLog();
    sim.setLatency(LATENCY_MS);
  }
  const args = [CLI, 'plan', fixture.dir, '--parallelism', String(parallelism), '--format', 'json'];
  const r = await runChild([...args, ...extraArgs], { env: fixture.env, rss: true, timeoutMs: 180000 });
  for (const sim of fixture.sims) sim.setLatency(0);
  const requests = fixture.sims.reduce((n, s) => n + s.requestLog().length, 0);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = { targets: [] };
  }
  const ok = report.targets.filter((t) => t.exitCode === 0 && t.changes === 0).length;
  const failures = report.targets.filter((t) => t.error).map((t) => t.error.split('\n')[0]);
  return {
    targets,
    parallelism,
    transport: fixture.https ? 'https + caFile' : 'http',
    reported: report.targets.length,
    targetsOk: ok,
    failed: targets - ok,
    exitCode: r.code,
    requests,
    wallMs: r.ms,
    peakRssMb: r.rssMb,
    cpuMs: r.cpuMs,
    cpuPerTargetMs: r.cpuMs === undefined ? undefined : r.cpuMs / targets,
    firstFailure: failures[0] ?? (r.code === 0 || ok ? undefined : r.stderr.slice(0, 300)),
  };
}
