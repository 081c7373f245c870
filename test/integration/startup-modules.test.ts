/**
 * What `plan` and `validate` load, from a real process (a `-r` hook writes the module list at exit): a few
 * bundles and nothing else (not axios's fetch probe, Node's undici), and a module in one bundle only, so no
 * process holds two copies of one (no `yaml` both bundled and from node_modules).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';

let sim: RunningSimulator;
const dir = tempDir('ise-duo-startup-');
const hook = join(dir, 'hook.js');
const listFile = join(dir, 'modules.json');

beforeAll(async () => {
  sim = await startSimulator({ username: DUO_ENV.ISE_USERNAME, password: DUO_ENV.ISE_PASSWORD });
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, JSON.stringify({
      files: Object.keys(require.cache), builtins: process.moduleLoadList })));\n`,
  );
});
afterAll(() => sim.stop());

async function modulesOf(args: string[]) {
  const r = await runCli(args, { ...DUO_ENV, ISE_URL: sim.url, NODE_OPTIONS: `-r ${hook}` }, dir);
  expect(r.stderr).not.toMatch(/error/);
  return JSON.parse(readFileSync(listFile, 'utf8')) as { files: string[]; builtins: string[] };
}

/** The CLI's bundles (scripts/build.mjs, scripts/chunks.mjs), as the files a process reads. */
// Not bundle/pino.js: a plan that writes no log line never loads pino (src/logger.ts).
const BUNDLES = ['cli.js', 'bundle/validate.js', 'bundle/online.js', 'client/axios.js'];
const inDist = (files: string[]) =>
  files.filter((f) => f.includes('/dist/')).map((f) => f.split('/dist/')[1]);

test('plan of one file reads its bundles only: no tsc output, no package file, no undici', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  const { files, builtins } = await modulesOf(['plan', file]);
  expect(builtins.filter((m) => m.includes('undici'))).toEqual([]);
  expect(files.filter((f) => f.includes('/node_modules/'))).toEqual([]);
  expect(inDist(files).sort()).toEqual([...BUNDLES].sort());
});

test('validate reads the program and the desired-state bundle, not the client, pino or axios', async () => {
  const file = writeFile(dir, 'valid.yaml', siteYaml({}));
  const { files } = await modulesOf(['validate', file]);
  expect(inDist(files).sort()).toEqual(['bundle/validate.js', 'cli.js']);
  expect(files.filter((f) => f.includes('/node_modules/'))).toEqual([]);
});

test('every module is in one bundle only: one process never holds two copies of yaml, pino or a module of ise-duo', () => {
  const dist = join(__dirname, '../../dist');
  const chunks = readdirSync(join(dist, 'bundle')).filter((f) => f.endsWith('.js'));
  const owners = new Map<string, string[]>();
  const all = ['cli.js', 'client/axios.js', 'client/axios-optional.js', ...chunks.map((c) => `bundle/${c}`)];
  for (const bundle of all) {
    const text = readFileSync(join(dist, bundle), 'utf8');
    // esbuild names each bundled CommonJS module by its path; a chunk-ref is a stub pointing at another bundle.
    for (const [, path] of text.matchAll(/__commonJS\(\{"([^"]+)"/g)) {
      if (path.startsWith('chunk-ref:') || path.startsWith('lazy-')) continue;
      owners.set(path, [...(owners.get(path) ?? []), bundle]);
    }
  }
  expect(owners.size).toBeGreaterThan(150);
  expect([...owners].filter(([, bundles]) => bundles.length > 1)).toEqual([]);
  const where = (re: RegExp) => new Set([...owners].filter(([p]) => re.test(p)).flatMap(([, b]) => b));
  expect(where(/node_modules\/yaml\//)).toEqual(new Set(['bundle/validate.js']));
  expect(where(/node_modules\/pino\//)).toEqual(new Set(['bundle/pino.js']));
  expect(where(/node_modules\/axios\//)).toEqual(new Set(['client/axios.js']));
  expect(where(/node_modules\/(form-data|mime-db)\//)).toEqual(new Set(['client/axios-optional.js']));
  expect(where(/^dist\/executor\//)).toEqual(new Set(['bundle/apply.js']));
  // What talks to ISE is in none of the bundles validate reads.
  const online = where(/^dist\/(client|pipeline|fleet|live|planner)\//);
  expect(online.has('cli.js') || online.has('bundle/validate.js')).toBe(false);
});
