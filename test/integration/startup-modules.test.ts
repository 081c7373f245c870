/**
 * What `plan` loads, from a real process (a `-r` hook writes the module list at exit): not axios's fetch
 * probe (Node's undici), not axios's form-data or proxy agent, no fleet module for one file, and one copy of
 * each package (no `yaml` both bundled and from node_modules).
 */
import { readFileSync, writeFileSync } from 'node:fs';
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

test('plan of one file loads no undici, form-data, proxy agent or fleet module, and one copy of each package', async () => {
  const file = writeFile(dir, 'site.yaml', siteYaml({}));
  const { files, builtins } = await modulesOf(['plan', file]);
  expect(builtins.filter((m) => m.includes('undici'))).toEqual([]);
  expect(files.filter((f) => /node_modules\/(form-data|https-proxy-agent|mime-db)\//.test(f))).toEqual([]);
  expect(files.filter((f) => /\/dist\/fleet\/(fleet-command|run-fleet|one-writer)/.test(f))).toEqual([]);
  const roots = new Map<string, Set<string>>();
  for (const f of files) {
    const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(f);
    if (m) roots.set(m[2], (roots.get(m[2]) ?? new Set()).add(m[1]));
  }
  expect([...roots].filter(([, paths]) => paths.size > 1)).toEqual([]);
  expect(roots.has('yaml')).toBe(true);
  expect(files.some((f) => f.endsWith('dist/commands/validate.js'))).toBe(false);
});
