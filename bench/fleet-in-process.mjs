// Runs a fleet plan in this process `--runs` times one after another (the same command the CLI runs:
// dispatch -> fleet -> plan per target) and reports each run's CPU per target over IPC: the first run pays
// V8's tier-up of the hot code, as every CLI process does; the later ones show the same work once it is
// optimized. Used by floors.mjs; args: <folder> <targets> <parallelism> <runs>.
import { captureContext, dist } from './lib.mjs';

const [dir, targets, parallelism, runs] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a)));
const { dispatch } = dist('fleet/dispatch.js');
const { plan } = dist('commands/plan.js');
const cpuPerTarget = [];
for (let i = 0; i < runs; i++) {
  const c = captureContext(process.env, dir);
  const c0 = process.cpuUsage();
  const r = await dispatch('plan', [dir], { format: 'json', parallelism }, c.ctx, (file, ctx) =>
    plan({ format: 'json', file }, ctx),
  );
  const d = process.cpuUsage(c0);
  if (r.exitCode !== 0) throw new Error(`fleet run ${i} exited ${r.exitCode}`);
  cpuPerTarget.push((d.user + d.system) / 1000 / targets);
}
// Exits at once: the agents' idle keep-alive sockets would hold the process for seconds more.
process.send({ cpuPerTarget }, () => process.exit(0));
