/**
 * Imports point down the layers written in docs/design.md (the ```layers block, the one place the order is
 * written). Every static import, `import()` and `require()` of a relative module in src/ is checked: an
 * import into a higher layer, or into another folder of the same layer, fails with the file and the import.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');
const SRC = join(REPO, 'src');

function layersFromDesign(): string[][] {
  const design = readFileSync(join(REPO, 'docs/design.md'), 'utf8');
  const block = /```layers\n([\s\S]*?)```/.exec(design);
  if (!block) throw new Error('docs/design.md has no ```layers block');
  return block[1]
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file an import names: `../errors` is errors.ts, `../sim` is sim/index.ts. */
function resolveImport(file: string, spec: string): string {
  const path = resolve(dirname(file), spec);
  if (existsSync(path) && statSync(path).isDirectory()) return join(path, 'index.ts');
  return /\.[cm]?[jt]s$|\.json$/.test(path) ? path : `${path}.ts`;
}

/** `commands/` for src/commands/plan.ts, `cli.ts` for src/cli.ts. */
function unitOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split('/');
  return rest.length ? `${first}/` : first;
}

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)'(\.{1,2}\/[^']+)'/g;

const layers = layersFromDesign();
const layerOf = new Map(layers.flatMap((units, i) => units.map((u) => [u, i] as const)));

test('every source folder and top-level file has a layer', () => {
  const units = new Set(sourceFiles(SRC).map(unitOf));
  const missing = [...units].filter((u) => !layerOf.has(u));
  expect(missing).toEqual([]);
});

function violations(files: Array<{ file: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const from = unitOf(file);
    for (const [, spec] of text.matchAll(IMPORT)) {
      const target = resolveImport(file, spec);
      if (relative(SRC, target).startsWith('..')) continue; // package.json: not a layer
      const to = unitOf(target);
      if (to === from) continue;
      const a = layerOf.get(from);
      const b = layerOf.get(to);
      if (a === undefined || b === undefined || b <= a) {
        found.push(`${relative(REPO, file)} imports '${spec}' (${from} -> ${to})`);
      }
    }
  }
  return found;
}

test('imports point down the layers', () => {
  expect(violations(sourceFiles(SRC).map((file) => ({ file, text: readFileSync(file, 'utf8') })))).toEqual(
    [],
  );
});

test('the check catches an upward import and a sideways one', () => {
  // A check that cannot fail proves nothing: the same function on made-up files.
  const fake = (path: string, text: string) => ({ file: join(SRC, path), text });
  expect(
    violations([
      fake('model/x.ts', "import { plan } from '../commands/plan';"),
      fake('live/x.ts', "const p = require('../planner/build-plan');"),
      fake('commands/x.ts', "import type { Plan } from '../model/plan';"),
    ]),
  ).toEqual([
    "src/model/x.ts imports '../commands/plan' (model/ -> commands/)",
    "src/live/x.ts imports '../planner/build-plan' (live/ -> planner/)",
  ]);
});
