/**
 * Every rendering lives in src/render/ (the guide, and docs/design.md's layers). Outside it, a command, the
 * fleet runner or a service writes only what a renderer returned: no call to `ctx.out`, `ctx.err`, a
 * stream's `write` or a `write` callback in src/ starts with a string or template literal, except the few
 * below, each with the reason it cannot call a renderer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../src');

/** file -> why it writes its own text. */
const OWN_TEXT: Record<string, string> = {
  'demo.ts': "the `npm start` walk-through's narration is the script itself",
  'cli.ts': 'the last-resort line for an error thrown outside any command, when even rendering may be broken',
  'runtime/code-cache.ts': 'runtime/ is below render/; the line is written by the build, before any command',
};

/** `ctx.out(`, `ctx.err(`, `process.stderr.write(`, `write(`… with a literal as the first argument. */
const LITERAL_OUTPUT = /(?:\bctx\.(?:out|err)|\bprocess\.std(?:out|err)\.write|(?<![\w.])write)\(\s*['"`]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function literalOutputs(text: string): number[] {
  return [...text.matchAll(LITERAL_OUTPUT)].map((m) => text.slice(0, m.index).split('\n').length);
}

describe('renderings live in src/render/', () => {
  const files = sourceFiles(SRC).map((path) => relative(SRC, path));

  it('no module outside render/ (and the simulator) writes text of its own', () => {
    const offenders = files
      .filter((f) => !f.startsWith('render/') && !f.startsWith('sim/') && !(f in OWN_TEXT))
      .flatMap((f) => literalOutputs(readFileSync(join(SRC, f), 'utf8')).map((line) => `src/${f}:${line}`));
    expect(offenders).toEqual([]);
  });

  it('the check finds such a write, in each of its forms', () => {
    const sample = [
      'ctx.err(`Starting ${x}\\n`);',
      "ctx.out('done\\n');",
      'process.stderr.write("no\\n");',
      '(write) => write(`sent\\n`)',
      'ctx.err(renderNotice(x));',
      'stream.rewrite("x")',
    ].join('\n');
    expect(literalOutputs(sample)).toEqual([1, 2, 3, 4]);
  });

  it('every exception is a file that exists and still writes text of its own', () => {
    for (const file of Object.keys(OWN_TEXT)) {
      expect(files).toContain(file);
      expect(literalOutputs(readFileSync(join(SRC, file), 'utf8')).length).toBeGreaterThan(0);
    }
  });
});
