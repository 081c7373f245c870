// Section 6: requests per plan and apply for files with MFA rules (issue 11), from the simulator's request
// log, against the bound of a file with rules:
//
//   3 + S + C (+1 AD join-point list when S > 0) + services used + policy sets named + library conditions named
//
// one policy-set list per service the file uses, one MFA-rule list per policy set it names (it holds whole
// rules), one condition-by-name GET per library condition it names (per service: the same name in both
// services is two conditions). Policy sets the file does not name are never read.
//
// Runs per shape: plan from an empty ISE (MFA off: at most the bound), apply from empty (one write per
// planned rule, sync, connection and the switch), plan with everything in place (exactly the bound), a no-op
// apply (no write of any kind, the bound's GETs), and an edit that changes one rule's condition and swaps two
// rules (the writes the plan lists, counted from the plan itself).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countByKind,
  countByMethod,
  DUO_ENV,
  dist,
  removeTemps,
  runInProcess,
  siteYaml,
  startSim,
  tempDir,
} from './lib.mjs';
import { reportRules } from './rules-report.mjs';

/** One rule as YAML lines; `condition` is a YAML flow mapping. */
const rule = (name, connection, condition) => [
  `      - name: ${name}`,
  `        connection: ${connection}`,
  `        condition: ${condition}`,
];
const DEVICE = (type) =>
  `{ dictionary: DEVICE, attribute: Device Type, operator: equals, value: "All Device Types#${type}" }`;
const LIBRARY = (name) => `{ library: ${name} }`;

/**
 * The shapes: each lists its policies (service, set, rules). The edit swaps the first two rules of the first
 * policy and changes the first rule's condition in the last one; `editPuts` is the fewest PUTs that takes
 * (a swap of neighbours is one move, a condition change one update in place).
 */
export const SHAPES = [
  {
    name: '1 rule',
    editPuts: 1,
    syncs: 1,
    connections: 1,
    policies: [
      { service: 'deviceAdmin', policySet: 'Default', rules: [['Admins use Duo', DEVICE('Router')]] },
    ],
  },
  {
    name: '6 rules, 2 services',
    editPuts: 2,
    syncs: 2,
    connections: 2,
    policies: [
      {
        service: 'deviceAdmin',
        policySet: 'Routers',
        rules: [
          ['Network admins use Duo', LIBRARY('Network-Admins')],
          ['Router admins use Duo', DEVICE('Router')],
          ['Office hours admins', `{ and: [ ${LIBRARY('Business-Hours')}, ${DEVICE('Router')} ] }`],
        ],
      },
      { service: 'deviceAdmin', policySet: 'Switches', rules: [['Switch admins use Duo', DEVICE('Switch')]] },
      {
        service: 'networkAccess',
        policySet: 'Default',
        rules: [
          ['VPN users use Duo', LIBRARY('Corp-VPN-Headends')],
          [
            'Office hours VPN',
            `{ or: [ ${LIBRARY('Business-Hours')}, { not: ${LIBRARY('Corp-VPN-Headends')} } ] }`,
          ],
        ],
      },
    ],
  },
];

/** What the bound counts for a shape: services used, sets named, library conditions named (per service). */
export function shapeCounts(shape) {
  const services = new Set(shape.policies.map((p) => p.service));
  const libraries = new Set();
  for (const p of shape.policies)
    for (const [, condition] of p.rules)
      for (const m of condition.matchAll(/library: ([\w-]+)/g)) libraries.add(`${p.service}/${m[1]}`);
  return { services: services.size, policySets: shape.policies.length, libraries: libraries.size };
}

export function rulesBound(shape) {
  const c = shapeCounts(shape);
  return (
    3 + shape.syncs + shape.connections + (shape.syncs > 0 ? 1 : 0) + c.services + c.policySets + c.libraries
  );
}

function edit(policies) {
  const copy = policies.map((p) => ({ ...p, rules: p.rules.map((r) => [...r]) }));
  const first = copy[0].rules;
  if (first.length > 1) [first[0], first[1]] = [first[1], first[0]];
  const last = copy.at(-1).rules;
  last[0][1] = DEVICE('Firewall');
  return copy;
}

function rulesYaml(policies) {
  const lines = ['mfaPolicies:'];
  for (const p of policies) {
    lines.push(`  - service: ${p.service}`, `    policySet: ${p.policySet}`, '    rules:');
    for (const [name, condition] of p.rules) lines.push(...rule(name, 'duo-1', condition));
  }
  return `${lines.join('\n')}\n`;
}

function writeShape(dir, name, shape, policies) {
  const file = join(dir, name);
  writeFileSync(file, siteYaml(shape) + rulesYaml(policies));
  return file;
}

async function measured(sim, command, options, env) {
  sim.clearLog();
  const result = await runInProcess(command, options, env);
  const log = sim.requestLog();
  const policyGets = log.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/policy/')).length;
  return { result, methods: countByMethod(log), kinds: countByKind(log), policyGets, log };
}

/** A plan's changes and the rule writes it lists (a move may need PUTs beyond its own). */
function planned(result) {
  if (result.code !== 0 && result.code !== 2) return undefined;
  const report = JSON.parse(result.out);
  const plan = report.plan ?? report;
  return plan.changes;
}

function row(shape, bound, run, m, { expected, measured, met }) {
  return {
    shape: shape.name,
    run,
    bound,
    GET: m.methods.GET,
    policyGETs: m.policyGets,
    POST: m.methods.POST,
    PUT: m.methods.PUT,
    DELETE: m.methods.DELETE,
    writes: m.kinds.write,
    exitCode: m.result.code,
    expected,
    measured,
    met,
    error: m.result.code === 0 ? undefined : m.result.err.trim().slice(0, 300),
  };
}

export async function runRules(sim) {
  const { plan } = dist('commands/plan.js');
  const { apply } = dist('commands/apply.js');
  const dir = tempDir();
  const env = { ...DUO_ENV, ISE_URL: sim.url };
  const format = 'json';
  const rows = [];
  for (const [i, shape] of SHAPES.entries()) {
    const file = writeShape(dir, `rules-${i}.yaml`, shape, shape.policies);
    const editedFile = writeShape(dir, `rules-${i}-edited.yaml`, shape, edit(shape.policies));
    const bound = rulesBound(shape);
    const ok = (m) => m.result.code === 0;
    const reads = (m) => m.kinds.write + m.kinds.test + m.kinds.syncRun === 0;
    sim.reset();
    const planEmpty = await measured(sim, plan, { file, format }, env);
    const applyEmpty = await measured(sim, apply, { file, format, yes: true, runSync: false }, env);
    const planFull = await measured(sim, plan, { file, format }, env);
    const applyNoop = await measured(sim, apply, { file, format, yes: true, runSync: false }, env);
    const editPlan = await measured(sim, plan, { file: editedFile, format }, env);
    const applyEdit = await measured(
      sim,
      apply,
      { file: editedFile, format, yes: true, runSync: false },
      env,
    );
    const afterEdit = await measured(sim, plan, { file: editedFile, format }, env);
    const created = planned(applyEmpty.result)?.length;
    const ruleCount = shape.policies.reduce((n, p) => n + p.rules.length, 0);
    const creates = 1 + shape.syncs + shape.connections + ruleCount;
    const edits = planned(editPlan.result);
    const after = planned(afterEdit.result)?.length;
    const edited = edits?.length ?? 0;
    rows.push(
      row(shape, bound, 'plan, MFA off', planEmpty, {
        expected: `≤ ${bound} GET`,
        measured: `${planEmpty.methods.GET} GET`,
        met: ok(planEmpty) && reads(planEmpty) && planEmpty.methods.GET <= bound,
      }),
      row(shape, bound, 'apply from empty', applyEmpty, {
        expected: `${creates} changes, 1 write each`,
        measured: `${created ?? '?'} changes, ${applyEmpty.kinds.write} writes`,
        met: ok(applyEmpty) && created === creates && applyEmpty.kinds.write === creates,
      }),
      row(shape, bound, 'plan, ISE holds all', planFull, {
        expected: `= ${bound} GET`,
        measured: `${planFull.methods.GET} GET`,
        met: ok(planFull) && reads(planFull) && planFull.methods.GET === bound,
      }),
      row(shape, bound, 'no-op apply', applyNoop, {
        expected: `0 writes, ${bound} GET`,
        measured: `${applyNoop.kinds.write} writes, ${applyNoop.methods.GET} GET`,
        met: ok(applyNoop) && reads(applyNoop) && applyNoop.methods.GET === bound,
      }),
      row(shape, bound, 'swap and condition edit', applyEdit, {
        expected: `${shape.editPuts} PUT, no other write; next plan empty`,
        measured: `${edited} changes, ${applyEdit.kinds.write} writes (${applyEdit.methods.PUT} PUT); next plan ${after ?? '?'} changes`,
        met:
          ok(applyEdit) &&
          edited > 0 &&
          applyEdit.kinds.write === shape.editPuts &&
          applyEdit.methods.PUT === shape.editPuts &&
          after === 0,
      }),
    );
  }
  sim.reset();
  return rows;
}

// `node bench/rules.mjs`: this section alone, against the current dist/.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sim = await startSim();
  try {
    reportRules(await runRules(sim));
  } finally {
    await sim.stop();
    removeTemps();
  }
}
