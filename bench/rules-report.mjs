// Section 6's table and its targets, kept apart from run.mjs (which other sections share) so that the MFA-rule
// figures are one import and two calls there.
import { fmt, table } from './lib.mjs';

export function reportRules(rows) {
  table(
    'bound = 3 + S + C (+1 AD list) + services used + policy sets named + library conditions named; writes = POST/PUT/DELETE',
    [
      'shape',
      'run',
      'bound',
      'GET',
      'policy GET',
      'POST',
      'PUT',
      'DEL',
      'writes',
      'expected',
      'measured',
      'met',
    ],
    rows.map((r) => [
      r.shape,
      r.run,
      r.bound,
      r.GET,
      r.policyGETs,
      r.POST,
      r.PUT,
      r.DELETE,
      r.writes,
      r.expected,
      r.measured,
      fmt.yes(r.met),
    ]),
  );
  for (const r of rows.filter((x) => x.error)) process.stdout.write(`   ${r.shape}, ${r.run}: ${r.error}\n`);
}

/** Every row is a target: the bound for plans, the writes for applies. */
export function rulesTargets(rows) {
  if (!Array.isArray(rows)) return [];
  return rows.map((r) => ({
    figure: `rules (${r.shape}), ${r.run}`,
    target: r.expected,
    measured: r.measured,
    met: r.met,
  }));
}
