// A fixed piece of work, timed in a fresh process, so that runs of the bench on different days can be told
// apart by the machine's speed, not only by its load averages: this VM's speed swings about 2× between
// spells (bench/README.md), and every ratio of section 7 against a fixed limit moves with it. The work is
// the kind a fleet target does (yaml parsing, JSON, hashing), with the same modules, run cold as the CLI
// runs. `probeMachineSpeed()` runs it and returns the child's CPU time (user + sys) in ms, its median of 3.
import { execFileSync } from 'node:child_process';
import { median, ROOT, siteYaml } from './lib.mjs';

const WORK = `
const { createHash } = require('node:crypto');
const YAML = require('yaml');
const text = process.env.PROBE_TEXT;
const c0 = process.cpuUsage();
for (let i = 0; i < 150; i++) {
  const value = YAML.parseDocument(text).toJS();
  const json = JSON.stringify(value);
  JSON.parse(json);
  createHash('sha256').update(json).digest('hex');
}
const c = process.cpuUsage(c0);
process.stdout.write(String((c.user + c.system) / 1000));
`;

export function probeMachineSpeed() {
  const env = {
    PATH: process.env.PATH,
    PROBE_TEXT: siteYaml({ syncs: 1, connections: 1, urlVar: 'SIM_URL_0' }),
  };
  const runs = [0, 1, 2].map(() =>
    Number(execFileSync(process.execPath, ['-e', WORK], { cwd: ROOT, env, encoding: 'utf8' })),
  );
  return median(runs);
}
