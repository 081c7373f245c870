// The CLI as a few CommonJS bundles ("chunks") in which every module exists exactly once. esbuild splits
// code only for ES modules, and a plain bundle per command would copy the modules commands share (the
// desired-state loader, the client, pino) into each, so one process could hold two of them: two agent pools,
// two secure-context caches, `instanceof` failing between copies. Here each module belongs to one chunk:
// the first, in the given order, that reaches it. A chunk reaches across into another through a stub that
// requires the other chunk's file and asks its registry for the module, which runs on first
// use like any require. So a command reads only the chunks it touches (validate never reads the client's),
// and a module's code is compiled only in the chunk that owns it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

/** Where a chunk's file keeps its registry: a symbol, so a library chunk's own exports stay as they are. */
const KEY = 'Symbol.for("ise-duo.chunk")';

/** A module's name in a registry: its path in the package, or inside node_modules. */
const idOf = (root, path) => {
  const inModules = path.lastIndexOf('/node_modules/');
  return inModules >= 0 ? path.slice(inModules + '/node_modules/'.length) : relative(root, path);
};

/** The file's `#!` line, if it has one. */
const hashbangOf = (file) => /^#!.*/.exec(readFileSync(file, 'utf8'))?.[0] ?? '';

/** `require` path from one output file to another: relative, so the package works wherever it is installed. */
const requirePath = (from, to) => {
  const path = relative(dirname(from), to);
  return path.startsWith('.') ? path : `./${path}`;
};

/**
 * chunks: [{ out, entries, program?, library? }] in order; entries are files or package names. The program
 * chunk (first) runs its first entry when loaded; a library chunk's file exports its first entry (tsc's
 * modules may require it too); the others only hold modules, for the chunks before them. `ownFiles` are kept as they
 * are (already bundled) and required by path. `plugins(out)` are the chunk's other esbuild plugins.
 */
export async function buildChunks({ root, chunks, ownFiles = [], plugins, options }) {
  const resolvePackage = createRequire(join(root, 'package.json')).resolve;
  const entriesOf = chunks.map((c) => c.entries.map((e) => (e.startsWith('/') ? e : resolvePackage(e))));
  /** module path -> index of the chunk that owns it; entries belong to their chunk from the start. */
  const owner = new Map(entriesOf.flatMap((entries, i) => entries.map((e) => [e, i])));
  /** per chunk: its modules that other chunks require (what its registry exposes). */
  const needed = chunks.map(() => new Set());

  /** Resolves like esbuild would; `undefined` for builtins, externals and other plugins' namespaces. */
  const resolved = async (b, args) => {
    if (args.pluginData?.chunkResolving || args.kind === 'entry-point') return undefined;
    const r = await b.resolve(args.path, {
      resolveDir: args.resolveDir,
      kind: args.kind,
      importer: args.importer,
      namespace: args.namespace,
      pluginData: { chunkResolving: true },
    });
    return r.errors.length || r.external || r.namespace !== 'file' ? undefined : r.path;
  };
  const ownFile = (out, path) =>
    ownFiles.includes(path) ? { path: requirePath(out, path), external: true } : undefined;

  // Membership: chunk by chunk, what it reaches that no earlier chunk owns and that is no other's entry.
  for (const [i, chunk] of chunks.entries()) {
    const membership = {
      name: 'chunk-membership',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          const path = await resolved(b, args);
          if (path === undefined) return undefined;
          const own = ownFile(chunk.out, path);
          if (own) return own;
          const o = owner.get(path);
          if (o === undefined || o === i) return undefined;
          needed[o].add(path);
          return { path, external: true };
        });
      },
    };
    const result = await build({
      ...options,
      absWorkingDir: root,
      entryPoints: entriesOf[i],
      plugins: [membership, ...plugins(chunk.out)],
      write: false,
      metafile: true,
      outdir: dirname(chunk.out),
    });
    for (const input of Object.keys(result.metafile.inputs)) {
      if (/^[\w-]+:/.test(input)) continue; // a plugin's virtual module, e.g. lazy-dep:form-data
      const path = join(root, input);
      if (!owner.has(path)) owner.set(path, i);
    }
  }

  for (const [i, chunk] of chunks.entries()) {
    const unreached = chunk.program || chunk.library ? [] : entriesOf[i].filter((e) => !needed[i].has(e));
    // An entry no earlier chunk requires is a mistake in the list (or resolves elsewhere than esbuild's).
    if (unreached.length) throw new Error(`${chunk.out}: no earlier chunk requires ${unreached.join(', ')}`);
  }

  // The chunks themselves: a registry entry, and stubs for the modules other chunks own.
  for (const [i, chunk] of chunks.entries()) {
    const crossing = {
      name: 'chunk-crossing',
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.namespace === 'chunk-ref') return { path: args.path, external: true };
          const path = await resolved(b, args);
          if (path === undefined) return undefined;
          const own = ownFile(chunk.out, path);
          if (own) return own;
          const o = owner.get(path);
          return o === undefined || o === i
            ? undefined
            : // Named by its id: the build's absolute paths stay out of the shipped files.
              { path: idOf(root, path), namespace: 'chunk-ref', pluginData: { chunk: o } };
        });
        b.onLoad({ filter: /.*/, namespace: 'chunk-ref' }, (args) => {
          const file = requirePath(chunk.out, chunks[args.pluginData.chunk].out);
          const id = JSON.stringify(args.path);
          return {
            contents: `module.exports = require(${JSON.stringify(file)})[${KEY}][${id}]();`,
            loader: 'js',
          };
        });
      },
    };
    const registry = [...needed[i]]
      .map((path) => `${JSON.stringify(idOf(root, path))}: () => require(${JSON.stringify(path)})`)
      .join(',\n');
    const entry = JSON.stringify(entriesOf[i][0]);
    const contents = [
      // A library chunk is its first entry to whoever requires the file, with the registry beside.
      chunk.library ? `module.exports = require(${entry});` : '',
      `Object.defineProperty(module.exports, ${KEY}, { value: {${registry}} });`,
      // The program sets its registry before it runs: other chunks load only once a command has started.
      chunk.program ? `require(${entry});` : '',
    ].join('\n');
    await build({
      ...options,
      absWorkingDir: root,
      stdin: { contents, resolveDir: root, sourcefile: `${idOf(root, chunk.out)} (registry)`, loader: 'js' },
      plugins: [crossing, ...plugins(chunk.out)],
      // The program's entry is the registry now, so its `#!/usr/bin/env node` is put back on top.
      ...(chunk.program ? { banner: { js: hashbangOf(entriesOf[i][0]) } } : {}),
      outfile: chunk.out,
      allowOverwrite: true,
    });
  }
  return { owner, needed };
}
