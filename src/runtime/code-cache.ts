/**
 * V8's code cache for the CLI's bundles: the bytecode of every function a command ran, saved at build time,
 * so that a run does not parse and compile them again. Without it a one-file `plan` spends about a quarter of
 * its start-up compiling the desired-state loader, the client, the planner and axios (bench section 7).
 *
 * `npm run build` runs validate, a fleet plan, drift, apply and plan against a simulator with
 * ISE_DUO_CODE_CACHE=write (scripts/train-code-cache.mjs): each run compiles from what the runs before it
 * saved and saves, at exit, what V8 has compiled by then of each bundle it loaded (`createCachedData` after
 * the run, so the functions it called lazily are in it too), and notes the bundle's SHA-1 and this Node's V8
 * version in `code-cache/manifest.json` beside the bundles.
 *
 * A run uses a bundle's cache only if its V8 version is the one that wrote it and the bundle's text hashes as
 * it did then (V8's own check compares only the source's length). V8 may still refuse it (other flags), and
 * then compiles as usual: a cache can make start-up faster, never change what runs. ISE_DUO_CODE_CACHE=off
 * turns it off. Only the CLI installs it (src/cli.ts), for the files the manifest names; tsc's output, which
 * library users load, and node_modules compile as always.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { Script } from 'node:vm';

interface Manifest {
  v8: string;
  /** bundle path relative to dist/ -> SHA-1 of its text when its cache was written */
  files: Record<string, string>;
}

export interface CodeCacheStats {
  mode: 'off' | 'use' | 'write';
  /** Bundles compiled from their cache. */
  used: string[];
  /** Bundles whose cache V8 refused, or whose text is not the one the cache was made from. */
  refused: string[];
}

/** The bundles whose code is cached: the CLI's chunks and the axios bundle (scripts/build.mjs). */
const CACHEABLE = /^(bundle\/[\w-]+|client\/axios(-optional)?)\.js$/;

const stats: CodeCacheStats = { mode: 'off', used: [], refused: [] };

export const codeCacheStats = (): CodeCacheStats => stats;

const cacheFileOf = (dir: string, id: string) => join(dir, `${id.replaceAll('/', '__')}.bin`);
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

function readManifest(dir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return m.v8 === process.versions.v8 && typeof m.files === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

type Compile = (this: Module, content: string, filename: string) => unknown;

/**
 * Compiles `content` as Node's CommonJS loader does (the same wrapper and arguments), through a vm.Script
 * so that V8 can take the cached data and make it again after the run. The bundle's `require` is Node's own
 * public `createRequire` for its file: the same resolution, module cache and `require.main`.
 */
function runAsModule(module: Module, content: string, filename: string, cachedData?: Buffer): Script {
  // Node's own wrapper text (module.wrap), so line and column numbers in stack traces stay what they were.
  const script = new Script(Module.wrap(content.replace(/^#!.*/, '')), { filename, cachedData });
  const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  const require = Module.createRequire(filename);
  fn.call(module.exports, module.exports, require, module, filename, dirname(filename));
  return script;
}

/**
 * Installs the cache for the bundles in `distDir` (the folder of dist/cli.js). `env.ISE_DUO_CODE_CACHE`:
 * unset to use it, `off` to leave compilation alone, `write` to save what this run compiled (the build).
 */
export function installCodeCache(distDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const setting = env.ISE_DUO_CODE_CACHE;
  if (setting === 'off') return;
  const dir = join(distDir, 'code-cache');
  const writing = setting === 'write';
  const manifest = readManifest(dir) ?? (writing ? { v8: process.versions.v8, files: {} } : undefined);
  if (!manifest) return;
  stats.mode = writing ? 'write' : 'use';
  const compiled: Array<{ id: string; script: Script; hash: string }> = [];
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    const id = relative(distDir, filename).split(sep).join('/');
    const known = manifest.files[id];
    if (!CACHEABLE.test(id) || (!writing && known === undefined))
      return compile.call(this, content, filename);
    const hash = sha1(content);
    let cachedData: Buffer | undefined;
    if (known === hash) {
      try {
        cachedData = readFileSync(cacheFileOf(dir, id));
      } catch {
        cachedData = undefined;
      }
    }
    const script = runAsModule(this, content, filename, cachedData);
    if (cachedData && !script.cachedDataRejected) stats.used.push(id);
    else if (known !== undefined) stats.refused.push(id);
    if (writing) compiled.push({ id, script, hash });
    return undefined;
  };
  if (writing) {
    process.on('exit', () => {
      // One line and a failed exit, never a stack trace: the build then makes no cache (train-code-cache).
      try {
        saveCaches(dir, manifest, compiled);
      } catch (err) {
        process.stderr.write(`ise-duo: the code cache was not saved in ${dir}: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
  }
}

/** At the exit of a build's training run: each bundle's code as compiled by now, then the manifest. */
function saveCaches(
  dir: string,
  manifest: Manifest,
  compiled: Array<{ id: string; script: Script; hash: string }>,
) {
  mkdirSync(dir, { recursive: true });
  const merged: Manifest = {
    v8: process.versions.v8,
    files: { ...(readManifest(dir)?.files ?? manifest.files) },
  };
  for (const { id, script, hash } of compiled) {
    writeFileSync(cacheFileOf(dir, id), script.createCachedData());
    merged.files[id] = hash;
  }
  const tmp = join(dir, `manifest.json.${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(tmp, join(dir, 'manifest.json'));
}
