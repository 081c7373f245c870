// `npm run bench`: every figure of issues 6 and 12, measured against ISE simulators on loopback in one run,
// printed as tables and written to bench/results.json. Sections: 1 requests, 2 plan latency, 3 fleet,
// 4 start-up, 5 against the blind script, 6 requests with MFA rules, 7 scale (issue 12), 8 floors (what one
// GET, TLS connection and file cost in the stack, beside section 7's misses). `--sections 1,7`
// runs only those (the others are left out of the tables and of results.json). See bench/README.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fleetAvailable, PARALLELISM, runFleet, TARGET_RSS_MB, TARGET_WALL_MS } from './fleet.mjs';
import { floorRows, runFloors } from './floors.mjs';
import { LATENCY_MS, TARGET_RATIO as LATENCY_TARGET, ROUND_TRIPS, runLatency } from './latency.mjs';
import { BENCH_DIR, fmt, note, ROOT, removeTemps, startSim, table } from './lib.mjs';
import { runRequests } from './requests.mjs';
import { runRules } from './rules.mjs';
import { reportRules, rulesTargets } from './rules-report.mjs';
import { runScale, TARGETS as SCALE_TARGETS, scaleTargets } from './scale.mjs';
import { probeMachineSpeed } from './speed-probe.mjs';
import { runStartup, TARGET_RATIO as STARTUP_TARGET } from './startup.mjs';
import { runVersusScript } from './versus-script.mjs';

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const ALL_SECTIONS = [1, 2, 3, 4, 5, 6, 7, 8];
function selectedSections(argv) {
  const at = argv.indexOf('--sections');
  if (at < 0) return new Set(ALL_SECTIONS);
  const picked = (argv[at + 1] ?? '').split(',').map(Number);
  if (picked.length === 0 || picked.some((n) => !ALL_SECTIONS.includes(n))) {
    process.stderr.write(`--sections takes a comma-separated list of ${ALL_SECTIONS.join(', ')}\n`);
    process.exit(1);
  }
  return new Set(picked);
}
const SECTIONS = selectedSections(process.argv.slice(2));

function section(number, title, fn) {
  if (!SECTIONS.has(number)) return Promise.resolve({ value: undefined, skipped: true });
  note(`\n== ${number}. ${title}`);
  const t0 = Date.now();
  return fn().then(
    (value) => ({ value, seconds: (Date.now() - t0) / 1000 }),
    (err) => {
      note(`   FAILED: ${err instanceof Error ? err.message : String(err)}`);
      return { error: err instanceof Error ? err.message : String(err), seconds: (Date.now() - t0) / 1000 };
    },
  );
}

const started = Date.now();
const results = {
  formatVersion: 1,
  startedAt: new Date(started).toISOString(),
  machine: {
    node: process.version,
    cpus: cpus().length,
    loadavgAtStart: loadavg().map((l) => +l.toFixed(2)),
  },
  git: {
    commit: git('rev-parse', '--short', 'HEAD'),
    // The bench measures the working tree as built, uncommitted edits included.
    uncommittedSrc: (git('status', '--porcelain', '--', 'src') ?? '').split('\n').filter(Boolean).length,
  },
};
// The machine's speed at the start and at the end (speed-probe.mjs): what to compare runs of different days by.
results.machine.speedProbeMs = { start: Math.round(probeMachineSpeed()) };
note(
  `ise-duo bench: node ${process.version}, ${results.machine.cpus} CPUs, load ${results.machine.loadavgAtStart.join(' ')}, ` +
    `speed probe ${results.machine.speedProbeMs.start} ms, ` +
    `commit ${results.git.commit}${results.git.uncommittedSrc ? ` + ${results.git.uncommittedSrc} uncommitted src paths` : ''}`,
);

const sim = await startSim();
try {
  // 1. Requests
  const requests = await section(
    1,
    'Requests per plan and apply (N objects = ceil(N/2) syncs + floor(N/2) connections)',
    () => runRequests(sim),
  );
  if (!requests.skipped) results.requests = requests.value ?? { error: requests.error };
  if (requests.value) {
    table(
      'bound = 3 + S + C GETs (+1 AD list when S > 0); writes = POST/PUT/DELETE of configuration',
      [
        'N',
        'S',
        'C',
        'run',
        'GET',
        'POST',
        'PUT',
        'DEL',
        'writes',
        'conn tests',
        'sync runs',
        'adgroups',
        'extra reads',
        'expected',
        'measured',
        'met',
      ],
      requests.value.map((r) => [
        r.objects,
        r.syncs,
        r.connections,
        r.run,
        r.GET,
        r.POST,
        r.PUT,
        r.DELETE,
        r.configWrites,
        r.connectionTests,
        r.syncRunGets,
        r.adGroupGets,
        r.extraReads ?? '-',
        r.expected,
        r.measured,
        fmt.yes(r.met),
      ]),
    );
    for (const r of requests.value.filter((x) => x.error)) note(`   N=${r.objects} ${r.run}: ${r.error}`);
  }

  // 2. Plan latency
  const latency = await section(2, `Plan latency at ${LATENCY_MS} ms per request`, () => runLatency(sim));
  if (!latency.skipped) results.planLatency = latency.value ?? { error: latency.error };
  if (latency.value) {
    table(
      `bound = ${ROUND_TRIPS} round trips = ${LATENCY_MS * ROUND_TRIPS} ms; target ≤ ${LATENCY_TARGET}× (in-process); medians of ${latency.value[0].runs}`,
      ['N', 'requests', 'in-process', 'ratio', 'as a process', 'ratio', 'met'],
      latency.value.map((r) => [
        r.objects,
        r.requests,
        fmt.ms(r.inProcessMs),
        fmt.x(r.inProcessRatio),
        fmt.ms(r.processMs),
        fmt.x(r.processRatio),
        fmt.yes(r.met),
      ]),
    );
    note(
      '   The target applies to the in-process figure (reads + planning); the process adds start-up (section 4).',
    );
  }

  // 3. Fleet
  const fleet = await section(
    3,
    `Fleet: 100 targets at 50 ms, --parallelism ${PARALLELISM} vs 1`,
    async () => {
      if (!(await fleetAvailable())) return { skipped: 'the CLI has no fleet mode (--parallelism) yet' };
      return runFleet();
    },
  );
  if (!fleet.skipped) results.fleet = fleet.value ?? { error: fleet.error };
  if (fleet.value?.skipped) note(`   skipped: ${fleet.value.skipped}`);
  else if (fleet.value) {
    const f = fleet.value;
    table(
      `${f.targets} files over ${f.simulators} simulators; peak RSS by ${f.rssMethod}`,
      ['parallelism', 'targets ok', 'exit', 'requests', 'wall', 'peak RSS'],
      f.runs.map((r) => [
        r.parallelism,
        `${r.targetsOk}/${r.targets}`,
        r.exitCode,
        r.requests,
        fmt.ms(r.wallMs),
        fmt.mb(r.peakRssMb),
      ]),
    );
    note(`   speed-up over one after another: ${fmt.x(f.speedup)}`);
    for (const r of f.runs.filter((x) => x.error)) note(`   --parallelism ${r.parallelism}: ${r.error}`);
  }

  // 4. Start-up
  const startup = await section(4, 'Start-up (whole process, interleaved, medians)', () => runStartup());
  if (!startup.skipped) results.startup = startup.value ?? { error: startup.error };
  if (startup.value) {
    table(
      `target ≤ ${STARTUP_TARGET}× node -e 0 (wall); CPU = user + sys, less disturbed by load`,
      ['command', 'runs', 'wall median', 'min', 'max', 'ratio', 'CPU median', 'CPU ratio', 'met'],
      startup.value.map((r) => [
        r.command,
        r.runs,
        fmt.ms(r.medianMs),
        fmt.ms(r.minMs),
        fmt.ms(r.maxMs),
        fmt.x(r.ratio),
        fmt.ms(r.cpuMedianMs),
        fmt.x(r.cpuRatio),
        fmt.yes(r.met),
      ]),
    );
  }

  // 5. Against the blind script
  const versus = await section(
    5,
    "Against the seed's blind script (status, enable, create sync, create connection)",
    () => runVersusScript(sim),
  );
  if (!versus.skipped) results.versusBlindScript = versus.value ?? { error: versus.error };
  if (versus.value) {
    table(
      'both as processes on the same simulator; examples/minimal.yaml holds the same objects',
      [
        'latency',
        'tool',
        'ISE',
        'requests',
        'GET',
        'writes',
        'conn tests',
        'sync runs',
        '4xx',
        'wall',
        'outcome',
      ],
      versus.value.map((r) => [
        `${r.latencyMs} ms`,
        r.tool,
        r.state,
        r.requests,
        r.GET,
        r.configWrites,
        r.connectionTests,
        r.syncRunGets,
        r.failedRequests,
        fmt.ms(r.wallMs),
        r.outcome,
      ]),
    );
  }

  // 6. Requests with MFA rules
  const rules = await section(6, 'Requests per plan and apply with MFA rules', () => runRules(sim));
  if (!rules.skipped) results.rules = rules.value ?? { error: rules.error };
  if (rules.value) reportRules(rules.value);

  // 7. Scale (issue 12)
  const scale = await section(
    7,
    'Scale: HTTPS fleets, 1,000 targets, applies, big plans, plan start-up',
    () => runScale(sim),
  );
  if (!scale.skipped) results.scale = scale.value ?? { error: scale.error };
  const scaleRows = scale.value ? scaleTargets(scale.value) : [];
  if (scale.value) {
    table(
      `latency ${LATENCY_MS} ms per request; fleets as child processes over 4 simulators; round trips from the request log`,
      ['figure', 'limit or reference', 'measured', 'target', 'met'],
      scaleRows.map((r) => [r.figure, r.limit, r.measured, r.target, fmt.yes(r.met)]),
    );
  }

  // 8. Floors: what section 7's figures are made of
  const floors = await section(8, 'Floors: one GET, one TLS connection, one file, in this stack', () =>
    runFloors(),
  );
  if (!floors.skipped) results.floors = floors.value ?? { error: floors.error };
  if (floors.value) {
    const { rows, floors: derived } = floorRows(floors.value, scale.value, SCALE_TARGETS);
    table(
      `CPU of this process (user + sys) against simulators in processes of their own; medians of ${floors.value.gets.rounds}`,
      ['unit', 'measured', 'vs bare node:http'],
      rows,
    );
    table(
      'floors under section 7 figures (section 7 run in the same bench run, when selected)',
      ['floor', 'floor value', 'section 7 measured', 'target'],
      derived.map((d) => [d.figure, d.floor, d.measured, d.target]),
    );
  }

  // Targets
  const targets = [];
  for (const r of Array.isArray(results.requests) ? results.requests : []) {
    if (r.run.startsWith('plan, ISE holds') || r.run === 'no-op apply' || r.run.startsWith('apply')) {
      targets.push({
        figure: `requests, N=${r.objects}, ${r.run}`,
        target: r.expected,
        measured: r.measured,
        met: r.met,
      });
    }
  }
  for (const r of Array.isArray(results.planLatency) ? results.planLatency : []) {
    targets.push({
      figure: `plan latency, N=${r.objects} (in-process)`,
      target: `≤ ${LATENCY_TARGET}× ${LATENCY_MS * ROUND_TRIPS} ms`,
      measured: `${fmt.ms(r.inProcessMs)} = ${fmt.x(r.inProcessRatio)}`,
      met: r.met,
    });
  }
  if (results.fleet?.runs) {
    const p = results.fleet.runs[0];
    targets.push(
      {
        figure: `fleet of 100, --parallelism ${PARALLELISM}, wall`,
        target: `≤ ${TARGET_WALL_MS} ms`,
        measured: fmt.ms(p.wallMs),
        met: results.fleet.met.wall,
      },
      {
        figure: `fleet of 100, --parallelism ${PARALLELISM}, peak RSS`,
        target: `≤ ${TARGET_RSS_MB} MB`,
        measured: fmt.mb(p.peakRssMb),
        met: results.fleet.met.rss,
      },
    );
  }
  for (const r of Array.isArray(results.startup) ? results.startup.slice(1) : []) {
    targets.push({
      figure: `start-up, ${r.command}`,
      target: `≤ ${STARTUP_TARGET}× node -e 0`,
      measured: fmt.x(r.ratio),
      met: r.met,
    });
  }
  if (Array.isArray(results.versusBlindScript)) {
    const second = (tool) =>
      results.versusBlindScript.find(
        (r) => r.latencyMs === 0 && r.tool === tool && r.state === 'already configured',
      );
    const blind = second('blind script');
    const duo = second('ise-duo apply');
    targets.push({
      figure: 'second run: blind script fails, ise-duo sends 0 writes and succeeds',
      target: 'blind exit ≠ 0; ise-duo exit 0, 0 writes',
      measured: `blind exit ${blind.exitCode}; ise-duo exit ${duo.exitCode}, ${duo.configWrites} writes`,
      met:
        blind.exitCode !== 0 &&
        duo.exitCode === 0 &&
        duo.configWrites === 0 &&
        duo.POST + duo.PUT + duo.DELETE === 0,
    });
  }
  if (results.rules) targets.push(...rulesTargets(results.rules));
  for (const r of scaleRows)
    targets.push({ figure: r.figure, target: r.target, measured: r.measured, met: r.met });
  results.targets = targets;
  table(
    'Targets',
    ['figure', 'target', 'measured', 'met'],
    targets.map((t) => [t.figure, t.target, t.measured, fmt.yes(t.met)]),
  );
  const missed = targets.filter((t) => !t.met).length;
  note(missed ? `\n${missed} of ${targets.length} targets missed.` : `\nAll ${targets.length} targets met.`);
} finally {
  await sim.stop();
  removeTemps();
  results.machine.loadavgAtEnd = loadavg().map((l) => +l.toFixed(2));
  results.machine.speedProbeMs.end = Math.round(probeMachineSpeed());
  note(
    `Speed probe ${results.machine.speedProbeMs.start} ms at the start, ${results.machine.speedProbeMs.end} ms at the end ` +
      '(CPU of a fixed yaml + JSON + hash workload in a fresh process; lower is faster).',
  );
  results.seconds = (Date.now() - started) / 1000;
  writeFileSync(join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  note(`Wrote bench/results.json (${results.seconds.toFixed(0)} s).`);
}
