/**
 * The planner, the live reader, the executor, the pipeline steps, the commands and the fleet runner are driven
 * by the registered kinds
 * (`src/resources/registry.ts`) and name none themselves (docs/design.md, "Resource kinds"): a kind's
 * literal in one of their files is a rule of that kind living outside its spec, which a kind added later
 * would silently lack.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REGISTRY } from '../../src/resources/registry';

const SRC = resolve(__dirname, '../../src');
const KIND_FREE = ['planner', 'live', 'pipeline', 'executor', 'commands', 'fleet', 'cli'];

/** Each kind as a quoted literal, however the file quotes it. */
const literal = new RegExp(`(['"\`])(${REGISTRY.map((s) => s.kind).join('|')})\\1`);

test.each(KIND_FREE)('src/%s/ names no resource kind', (dir) => {
  const files = readdirSync(join(SRC, dir)).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  const found = files.flatMap((f) =>
    readFileSync(join(SRC, dir, f), 'utf8')
      .split('\n')
      .flatMap((line, i) => (literal.test(line) ? [`src/${dir}/${f}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});

test('the check sees a kind literal where there is one', () => {
  expect(literal.test("c.kind === 'identity-sync'")).toBe(true);
  expect(literal.test('kind: "mfa-rule"')).toBe(true);
  expect(literal.test("'identity-syncs'")).toBe(false);
});
