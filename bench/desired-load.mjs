// The desired-state loader alone (issue 12), A/B between two builds side by side:
//   (a) a fleet's 1,000 small site files (1 sync + 1 connection), loaded 64 at a time as a fleet plan does;
//   (b) one file of 200 syncs + 200 connections (~100 KB), loaded again and again, as the in-process plan row does.
// Each figure comes from its own child process (a fresh heap and JIT per run), variants interleaved A B / B A
// so that load on a shared machine hits both alike; the table shows medians of the rounds and the ratio B/A.
// CPU is user+sys of the child during the loads only (module loading excluded). Allocations are measured in
// separate children whose young generation is big enough that no GC runs: the heap growth is then every
// byte allocated (garbage included), which is what drives peak RSS in a fleet.
//
//   node bench/desired-load.mjs [--a <other build's dist>] [--b dist] [--rounds 5] [--big-runs 20]
// Without --a, A is this tree's dist/ too (a check of the bench's own noise: B/A should be about 1).
//                               [--only cpu-small,alloc-small,cpu-big,alloc-big]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DUO_ENV, median, ROOT, removeTemps, table, tempDir, writeSite } from './lib.mjs';

const SMALL_FILES = 1000;
const FLEET_PARALLELISM = 64;
const SIMULATORS = 4;
const ENV = { ...DUO_ENV };
for (let i = 0; i < SIMULATORS; i++) ENV[`SIM_URL_${i}`] = `http://127.0.0.1:${9000 + i}`;

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};

const cpuMs = (usage) => (usage.user + usage.system) / 1000;

/** What a load produced, as one short hash: A and B must agree on it. */
function digestOf(results) {
  const hash = createHash('sha256');
  for (const r of results) {
    const { secrets: _store, ...desired } = r.ok ? r.desired : {};
    hash.update(JSON.stringify(r.ok ? { desired, warnings: r.warnings, inputs: r.inputs } : r.issues));
  }
  return hash.digest('hex').slice(0, 12);
}

async function loadFleet(load, dir) {
  const files = readdirSync(dir)
    .sort()
    .map((f) => join(dir, f));
  const results = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await load(files[i], ENV);
    }
  };
  await Promise.all(Array.from({ length: FLEET_PARALLELISM }, worker));
  return results;
}

/** A child: one figure for one build, printed as JSON. */
async function child([mode, shape, distDir, path, runs]) {
  const { loadDesiredState } = await import(join(resolve(distDir), 'desired/load.js'));
  const v8 = await import('node:v8');
  const used = () => v8.getHeapStatistics().used_heap_size;
  if (shape === 'small') {
    const [heap0, cpu0] = [used(), process.cpuUsage()];
    const results = await loadFleet(loadDesiredState, path);
    const [cpu, heap] = [cpuMs(process.cpuUsage(cpu0)), used() - heap0];
    if (results.some((r) => !r.ok)) throw new Error('a small file did not load');
    const perLoad = mode === 'cpu' ? cpu / results.length : heap / results.length / 1024;
    console.log(JSON.stringify({ value: perLoad, digest: digestOf(results) }));
    return;
  }
  // The big file: warm runs first (the plan row measures a warm process), then the figure.
  const warm = mode === 'cpu' ? 2 : 3;
  for (let i = 0; i < warm; i++) await loadDesiredState(path, ENV);
  const values = [];
  let last;
  for (let i = 0; i < Number(runs); i++) {
    const [heap0, cpu0] = [used(), process.cpuUsage()];
    last = await loadDesiredState(path, ENV);
    values.push(mode === 'cpu' ? cpuMs(process.cpuUsage(cpu0)) : (used() - heap0) / 1024 / 1024);
  }
  if (!last.ok) throw new Error('the big file did not load');
  console.log(JSON.stringify({ value: median(values), digest: digestOf([last]) }));
}

function runChild(mode, shape, distDir, path, runs) {
  const flags = mode === 'alloc' ? ['--min-semi-space-size=1024', '--max-semi-space-size=1024'] : [];
  const out = execFileSync(
    process.execPath,
    [...flags, join(ROOT, 'bench/desired-load.mjs'), '--child', mode, shape, distDir, path, String(runs)],
    { encoding: 'utf8', env: { PATH: process.env.PATH } },
  );
  return JSON.parse(out.trim().split('\n').pop());
}

async function main() {
  const variants = { A: resolve(arg('a', join(ROOT, 'dist'))), B: resolve(arg('b', join(ROOT, 'dist'))) };
  const rounds = Number(arg('rounds', 5));
  const bigRuns = Number(arg('big-runs', 20));
  const only = arg('only', '').split(',').filter(Boolean);
  const fleetDir = tempDir('ise-duo-load-fleet-');
  for (let t = 0; t < SMALL_FILES; t++) {
    writeSite(fleetDir, `site-${String(t).padStart(4, '0')}.yaml`, {
      syncs: 1,
      connections: 1,
      urlVar: `SIM_URL_${t % SIMULATORS}`,
    });
  }
  const big = writeSite(tempDir('ise-duo-load-big-'), 'plan-400.yaml', { syncs: 200, connections: 200 });
  const figures = [
    ['cpu', 'small', fleetDir, 1, 'fleet of 1,000 small files @64: CPU ms per load'],
    ['alloc', 'small', fleetDir, 1, 'fleet of 1,000 small files @64: KiB allocated per load'],
    ['cpu', 'big', big, bigRuns, `200+200 file (warm, median of ${bigRuns}): CPU ms per load`],
    ['alloc', 'big', big, 3, '200+200 file (warm, median of 3): MiB allocated per load'],
  ].filter(([mode, shape]) => only.length === 0 || only.includes(`${mode}-${shape}`));
  console.log(
    `load averages at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`A = ${variants.A}\nB = ${variants.B}\n${rounds} rounds, A/B order alternating`);
  const samples = figures.map(() => ({ A: [], B: [], digests: new Set() }));
  for (let r = 0; r < rounds; r++) {
    for (const [f, [mode, shape, path, runs]] of figures.entries()) {
      for (const name of r % 2 === 0 ? ['A', 'B'] : ['B', 'A']) {
        const { value, digest } = runChild(mode, shape, variants[name], path, runs);
        samples[f][name].push(value);
        samples[f].digests.add(digest);
      }
    }
  }
  const rows = figures.map(([, , , , label], f) => {
    const [a, b] = [median(samples[f].A), median(samples[f].B)];
    const same = samples[f].digests.size === 1 ? 'same' : 'DIFFER';
    return [label, a.toFixed(2), b.toFixed(2), `${(b / a).toFixed(2)}x`, same];
  });
  table('desired-state load, A/B', ['figure', 'A', 'B', 'B/A', 'results'], rows);
  console.log(
    `load averages at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  removeTemps();
}

if (process.argv[2] === '--child') await child(process.argv.slice(3));
else await main();
