// Section 1: requests per plan and per apply, by method, from the simulator's request log, against the bound.
//
// A config of N objects is ceil(N/2) identity syncs (S) and floor(N/2) Duo connections (C). The bound for a
// plan is 3 + S + C GETs, plus 1 for the AD join-point list when the file has syncs (names to resolve). A
// plan against an ISE that holds every object must send exactly that; against an ISE with MFA off, fewer
// (only the status GET can be answered). An apply sends exactly one configuration write per planned change,
// and a no-op apply sends nothing but its plan's reads.
//
// Requests are also sorted by what they do (see `kindOf`): connection tests and sync-run starts are
// reported next to the writes, not counted as configuration writes, and AD-group reads next to the GETs.
// An apply's expected reads are its plan's, plus, when it wrote anything, the convergence check (a second
// plan) and, from MFA off, one AD join-point list to resolve the syncs' names: from empty 1 + 1 + bound
// GETs, after an edit 2 × bound. Reads beyond that are reported as extra reads.
import {
  countByKind,
  countByMethod,
  DUO_ENV,
  dist,
  objectCounts,
  runInProcess,
  tempDir,
  writeSite,
} from './lib.mjs';

export const SIZES = [1, 5, 20];

export function planBound({ syncs, connections }) {
  return 3 + syncs + connections + (syncs > 0 ? 1 : 0);
}

/** Runs one command against a freshly cleared request log; returns the log's counts and the result. */
async function measured(sim, command, options, env) {
  sim.clearLog();
  const result = await runInProcess(command, options, env);
  const log = sim.requestLog();
  return { result, methods: countByMethod(log), kinds: countByKind(log), total: log.length };
}

function plannedChanges(result) {
  if (result.code !== 0) return undefined;
  const report = JSON.parse(result.out);
  return (report.plan ?? report).changes.length;
}

function row(base, run, m, extra) {
  return {
    ...base,
    run,
    ...m.methods,
    total: m.total,
    configWrites: m.kinds.write,
    connectionTests: m.kinds.test,
    syncRunGets: m.kinds.syncRun,
    adGroupGets: m.kinds.adGroups,
    exitCode: m.result.code,
    error: m.result.code === 0 ? undefined : m.result.err.trim().slice(0, 300),
    ...extra,
  };
}

export async function runRequests(sim) {
  const { plan } = dist('commands/plan.js');
  const { apply } = dist('commands/apply.js');
  const dir = tempDir();
  const env = { ...DUO_ENV, ISE_URL: sim.url };
  const rows = [];
  const format = 'json';
  for (const n of SIZES) {
    const parts = objectCounts(n);
    const file = writeSite(dir, `objects-${n}.yaml`, parts);
    const editedFile = writeSite(dir, `objects-${n}-edited.yaml`, { ...parts, edited: true });
    const bound = planBound(parts);
    const base = { objects: n, ...parts, bound };
    sim.reset();
    const planEmpty = await measured(sim, plan, { file, format }, env);
    const applyEmpty = await measured(sim, apply, { file, format, yes: true }, env);
    const planFull = await measured(sim, plan, { file, format }, env);
    const applyNoop = await measured(sim, apply, { file, format, yes: true }, env);
    const applyEdit = await measured(sim, apply, { file: editedFile, format, yes: true }, env);
    const created = plannedChanges(applyEmpty.result);
    const edited = plannedChanges(applyEdit.result);
    const ok = (m) => m.result.code === 0;
    const onlyReads = (m) => m.kinds.write + m.kinds.test + m.kinds.syncRun === 0;
    rows.push(
      row(base, 'plan, MFA off', planEmpty, {
        expected: `≤ ${bound} GET`,
        measured: `${planEmpty.methods.GET} GET`,
        met: ok(planEmpty) && onlyReads(planEmpty) && planEmpty.methods.GET <= bound,
      }),
      row(base, 'plan, ISE holds all', planFull, {
        expected: `= ${bound} GET`,
        measured: `${planFull.methods.GET} GET`,
        met: ok(planFull) && onlyReads(planFull) && planFull.methods.GET === bound,
      }),
      row(base, 'apply from empty', applyEmpty, {
        changes: created,
        expected: `${created ?? '?'} writes (1/change)`,
        measured: `${applyEmpty.kinds.write} writes`,
        met: ok(applyEmpty) && applyEmpty.kinds.write === created,
        extraReads: applyEmpty.methods.GET - applyEmpty.kinds.syncRun - (bound + 2),
      }),
      row(base, 'apply after an edit', applyEdit, {
        changes: edited,
        expected: `${edited ?? '?'} writes (1/change)`,
        measured: `${applyEdit.kinds.write} writes`,
        met: ok(applyEdit) && applyEdit.kinds.write === edited,
        extraReads: applyEdit.methods.GET - applyEdit.kinds.syncRun - (bound + 3 + (edited ?? 0)),
      }),
      row(base, 'no-op apply', applyNoop, {
        changes: 0,
        expected: `0 writes, ${bound} GET`,
        measured: `${applyNoop.kinds.write} writes, ${applyNoop.methods.GET} GET`,
        met: ok(applyNoop) && onlyReads(applyNoop) && applyNoop.methods.GET === bound,
        extraReads: applyNoop.methods.GET - bound,
      }),
    );
  }
  sim.reset();
  return rows;
}
