/**
 * V8's code cache of the CLI's bundles (src/runtime/code-cache.ts, made by scripts/train-code-cache.mjs in
 * the build): a plan compiles its bundles from it, a bundle edited since, or a cache of another V8, is
 * compiled as usual (and the command still works), ISE_DUO_CODE_CACHE=off leaves compilation alone, and the
 * cache holds no value of the training run's secrets. What a run used is on its debug log line "code cache".
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { DUO_ENV, REPO, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';

const CACHE = join(REPO, 'dist/code-cache');
const PLAN_BUNDLES = ['bundle/online.js', 'bundle/validate.js', 'client/axios.js'];

interface Manifest {
  v8: string;
  files: Record<string, string>;
}
interface Stats {
  mode: string;
  used: string[];
  refused: string[];
}

let sim: RunningSimulator;
const dir = tempDir('ise-duo-code-cache-');
let file: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ username: DUO_ENV.ISE_USERNAME, password: DUO_ENV.ISE_PASSWORD });
  file = writeFile(dir, 'site.yaml', siteYaml({}));
  env = { ...DUO_ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());

/** The "code cache" debug line of a run's stderr (JSON logs: stderr is no terminal here). */
function statsOf(stderr: string): Stats {
  const line = stderr.split('\n').find((l) => l.includes('"msg":"code cache"'));
  if (!line) throw new Error(`no code cache line in:\n${stderr}`);
  return JSON.parse(line).codeCache as Stats;
}

/** The CLI of another copy of the package (dist/ and package.json), to edit its bundles or cache. */
function copyOfPackage(): string {
  const root = tempDir('ise-duo-code-cache-copy-');
  cpSync(join(REPO, 'dist'), join(root, 'dist'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(root, 'package.json'));
  return join(root, 'dist/cli.js');
}

const runOther = (cli: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { PATH: process.env.PATH, ...env, ...extra } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });

test("the build cached the bundles a plan reads, for this Node's V8 and this build's text", () => {
  const manifest = JSON.parse(readFileSync(join(CACHE, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.v8).toBe(process.versions.v8);
  for (const bundle of PLAN_BUNDLES) {
    const text = readFileSync(join(REPO, 'dist', bundle), 'utf8');
    expect(manifest.files[bundle]).toBe(createHash('sha1').update(text).digest('hex'));
  }
});

test('a plan compiles its bundles from the cache, and prints what it prints without it', async () => {
  const cached = await runCli(['plan', file, '--format', 'json', '--log-level', 'debug'], env, dir);
  expect(cached.code).toBe(0);
  const stats = statsOf(cached.stderr);
  expect(stats.mode).toBe('use');
  expect(stats.used).toEqual(expect.arrayContaining(PLAN_BUNDLES));
  expect(stats.refused).toEqual([]);
  const plain = await runCli(['plan', file, '--format', 'json'], { ...env, ISE_DUO_CODE_CACHE: 'off' }, dir);
  const again = await runCli(['plan', file, '--format', 'json'], env, dir);
  expect(plain.code).toBe(0);
  expect(again.stdout).toBe(plain.stdout);
});

test('ISE_DUO_CODE_CACHE=off compiles as Node does', async () => {
  const r = await runCli(
    ['validate', file, '--log-level', 'debug'],
    { ...env, ISE_DUO_CODE_CACHE: 'off' },
    dir,
  );
  expect(r.code).toBe(0);
  expect(statsOf(r.stderr)).toEqual({ mode: 'off', used: [], refused: [] });
});

test('a bundle edited since the cache was made is compiled from its text, and the command works', async () => {
  const cli = copyOfPackage();
  // Same length as before would pass V8's own check, which compares lengths only; the hash does not.
  const bundle = join(cli, '../bundle/validate.js');
  const text = readFileSync(bundle, 'utf8');
  writeFileSync(bundle, text.replace('"use strict"', "'use strict'"));
  expect(readFileSync(bundle, 'utf8')).not.toBe(text);
  const r = await runOther(cli, ['validate', file, '--log-level', 'debug']);
  expect(r.code).toBe(0);
  expect(statsOf(r.stderr).refused).toEqual(['bundle/validate.js']);
  expect(statsOf(r.stderr).used).not.toContain('bundle/validate.js');
});

test('a cache made by another V8 is not read at all', async () => {
  const cli = copyOfPackage();
  const manifestFile = join(cli, '../code-cache/manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, v8: '10.2.154.26-node.1' }));
  const r = await runOther(cli, ['plan', file, '--log-level', 'debug']);
  expect(r.code).toBe(0);
  expect(statsOf(r.stderr)).toEqual({ mode: 'off', used: [], refused: [] });
});

test('a cache that cannot be saved is one line and a failed exit, never a stack trace', async () => {
  const cli = copyOfPackage();
  const cacheDir = join(cli, '../code-cache');
  rmSync(cacheDir, { recursive: true });
  writeFileSync(cacheDir, 'not a folder'); // what a read-only install does to root, who may write anywhere
  const r = await runOther(cli, ['validate', file], { ISE_DUO_CODE_CACHE: 'write' });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/valid/i);
  expect(r.stderr.trim()).toMatch(/^ise-duo: the code cache was not saved in .*code-cache: EEXIST/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test("the cache holds code only: none of the training run's credentials or keys", () => {
  const training = readFileSync(join(REPO, 'scripts/train-code-cache.mjs'), 'utf8');
  const secrets = [...training.matchAll(/_(?:PASSWORD|SKEY): '([^']+)'/g)].map((m) => m[1]);
  expect(secrets).toHaveLength(3);
  for (const name of readdirSync(CACHE)) {
    const bytes = readFileSync(join(CACHE, name));
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret))).toBe(false);
  }
});
