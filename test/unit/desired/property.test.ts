/**
 * Property tests: valid files mutated at random (lines deleted, duplicated or swapped, values retyped, text
 * truncated or sprinkled with odd characters, object trees edited and re-serialised) must always come back
 * as a result: no throw, no internal error, issues sorted and positioned inside the text. Runs are bounded
 * so the suite stays within a few seconds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { WIRE_OPERATORS } from '../../../src/client/wire-policy';
import { type LoadResult, parseDesiredState } from '../../../src/desired/load';
import { canonicalCondition } from '../../../src/model/rule-condition';
import { EXAMPLES_DIR, SENSITIVE_VALUES, TEST_ENV, VALID_DIR } from './helpers';

const sources = [
  ...['minimal.yaml', 'full.yaml', 'mfa-off.yaml'].map((name) => join(EXAMPLES_DIR, name)),
  ...readdirSync(VALID_DIR).map((name) => join(VALID_DIR, name)),
].map((path) => readFileSync(path, 'utf8'));

const ODD_VALUES = [
  'yes',
  '1.5',
  '-1',
  '0',
  '[]',
  '{}',
  '~',
  'null',
  '""',
  `"\${env:MISSING}"`,
  `"\${env:bad-name}"`,
  '${env:',
  '&a x',
  '*a',
  '!!str x',
  '"\\t"',
  'x'.repeat(300),
  '[VPN, SSH]',
  '{every: 1}',
  "'",
  '"',
  '- x',
  ': :',
  'api-X.duosecurity.com',
  '2026-13-01T00:00:00',
  'true',
  '|\n  block',
  '? k',
  '%',
  '@',
  '`',
  // MFA rules: values of the wrong key, forms of a condition in the wrong place, cases and spellings.
  'ipEquals',
  'accept',
  'CONTINUE',
  'deviceAdmin',
  'monitor',
  '{library: L}',
  '{not: {}}',
  '{and: []}',
  '{dictionary: D}',
  '[{library: a}, {or: [{library: b}]}]',
];

type Mutation = (lines: string[]) => string[];

const lineIndex = (lines: string[], r: number) => Math.floor(r * lines.length) % Math.max(1, lines.length);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .double({ min: 0, max: 1, noNaN: true })
    .map((r) => (lines: string[]) => lines.filter((_, i) => i !== lineIndex(lines, r))),
  fc.double({ min: 0, max: 1, noNaN: true }).map((r) => (lines: string[]) => {
    const i = lineIndex(lines, r);
    return [...lines.slice(0, i + 1), lines[i] ?? '', ...lines.slice(i + 1)];
  }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([a, b]) => (lines: string[]) => {
      const copy = [...lines];
      const [i, j] = [lineIndex(lines, a), lineIndex(lines, b)];
      [copy[i], copy[j]] = [copy[j] ?? '', copy[i] ?? ''];
      return copy;
    }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...ODD_VALUES)).map(
    ([r, value]) =>
      (lines: string[]) =>
        lines.map((line, i) => (i === lineIndex(lines, r) ? line.replace(/:\s.*$/, `: ${value}`) : line)),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 6 })).map(
    ([r, junk]) =>
      (lines: string[]) =>
        lines.map((line, i) =>
          i === lineIndex(lines, r)
            ? `${line.slice(0, line.length / 2)}${junk}${line.slice(line.length / 2)}`
            : line,
        ),
  ),
);

function checkResult(result: LoadResult, text: string): void {
  const issues = result.ok ? result.warnings : result.issues;
  if (!result.ok) expect(issues.some((i) => i.severity === 'error')).toBe(true);
  const lineCount = text.split('\n').length;
  for (const issue of issues) {
    expect(issue.message).not.toMatch(/^internal error/);
    expect(issue.line).toBeGreaterThanOrEqual(0);
    expect(issue.line).toBeLessThanOrEqual(lineCount);
    for (const secret of SENSITIVE_VALUES)
      expect(issue.message.toLowerCase()).not.toContain(secret.toLowerCase());
  }
  const positions = issues.map((i) => i.line * 1e6 + i.column);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

describe('loader under random mutation', () => {
  it('mutates sources that hold MFA rules of both services, so the new keys are covered', () => {
    const withRules = sources.filter((s) => s.includes('mfaPolicies:'));
    expect(withRules.length).toBeGreaterThanOrEqual(3);
    expect(withRules.some((s) => s.includes('service: deviceAdmin'))).toBe(true);
    expect(withRules.some((s) => s.includes('service: networkAccess'))).toBe(true);
  });

  it('returns a result for mutated lines', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (source, mutations) => {
          const text = mutations.reduce((lines, mutate) => mutate(lines), source.split('\n')).join('\n');
          checkResult(parseDesiredState(text, '/tmp/mutated.yaml', TEST_ENV), text);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('returns a result for truncated text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.double({ min: 0, max: 1, noNaN: true }), (source, r) => {
        const text = source.slice(0, Math.floor(r * source.length));
        checkResult(parseDesiredState(text, '/tmp/truncated.yaml', TEST_ENV), text);
      }),
      { numRuns: 200 },
    );
  });

  it('returns a result for object trees with keys deleted, items duplicated and values retyped', () => {
    // The sources must start out valid, or the edits would prove nothing about valid-looking input.
    for (const source of sources)
      expect(parseDesiredState(source, '/tmp/source.yaml', TEST_ENV).ok).toBe(true);
    const retype = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
      fc.string({ maxLength: 8 }),
      fc.constant([]),
      fc.constant({}),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(2),
        retype,
        (source, r, kind, value) => {
          const tree = parse(source) as unknown;
          editRandomNode(tree, r, kind, value);
          const text = stringify(tree);
          checkResult(parseDesiredState(text, '/tmp/edited.yaml', TEST_ENV), text);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Condition trees of every form, nested up to four levels. */
const conditionTree: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        dictionary: fc.constantFrom('DEVICE', 'Network Access', 'CORP_AD'),
        attribute: fc.constantFrom('Device Type', 'Device IP Address', 'ExternalGroups'),
        operator: fc.constantFrom(...WIRE_OPERATORS),
        value: fc.string({ minLength: 1, maxLength: 12 }),
        dictionaryValue: fc.constantFrom('', 'Radius'),
      },
      { requiredKeys: ['dictionary', 'attribute', 'operator', 'value'] },
    ),
    fc.record({ library: fc.constantFrom('Corp-VPN-Headends', 'Business-Hours') }),
    fc.record({ and: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ or: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node;

/** One corruption of a condition node: a key dropped, a foreign form's key added, a value retyped. */
function corrupt(node: unknown, r: number, kind: number): void {
  const nodes: Record<string, unknown>[] = [];
  const walk = (n: unknown) => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) n.forEach(walk);
    else {
      nodes.push(n as Record<string, unknown>);
      Object.values(n).forEach(walk);
    }
  };
  walk(node);
  const target = nodes[Math.floor(r * nodes.length) % nodes.length];
  if (!target) return;
  const key = Object.keys(target)[0]!;
  if (kind === 0) delete target[key];
  else if (kind === 1) target[key === 'library' ? 'and' : 'library'] = 'x';
  else target[key] = kind === 2 ? 7 : null;
}

function ruleFile(condition: unknown): string {
  const tree = parse(readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8')) as Record<string, unknown>;
  tree.mfaPolicies = [
    {
      service: 'networkAccess',
      policySet: 'Default',
      rules: [{ name: 'R', connection: 'corp-duo', condition }],
    },
  ];
  return stringify(tree);
}

describe('loader on random condition trees', () => {
  it('loads every well-formed tree, and its normalized condition is already canonical', () => {
    fc.assert(
      fc.property(conditionTree, (condition) => {
        const text = ruleFile(condition);
        const result = parseDesiredState(text, '/tmp/rules.yaml', TEST_ENV);
        checkResult(result, text);
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        const loaded = result.desired.mfaPolicies[0]!.rules[0]!.condition!;
        expect(canonicalCondition(loaded)).toEqual(loaded);
      }),
      { numRuns: 150 },
    );
  });

  it('reports every corrupted tree as a positioned error, never an internal one', () => {
    fc.assert(
      fc.property(
        conditionTree,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(3),
        (condition, r, kind) => {
          corrupt(condition, r, kind);
          const text = ruleFile(condition);
          const result = parseDesiredState(text, '/tmp/rules.yaml', TEST_ENV);
          checkResult(result, text);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.issues.every((i) => i.line > 0)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** Picks the node at position `r` of a depth-first walk and deletes it (0), duplicates it (1) or retypes it (2). */
function editRandomNode(tree: unknown, r: number, kind: number, value: unknown): void {
  const slots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node))
      node.forEach((child, i) => {
        slots.push({ parent: node, key: i });
        walk(child);
      });
    else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        slots.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    }
  };
  walk(tree);
  const slot = slots[Math.floor(r * slots.length) % Math.max(1, slots.length)];
  if (!slot) return;
  const { parent, key } = slot;
  if (Array.isArray(parent) && typeof key === 'number') {
    if (kind === 0) parent.splice(key, 1);
    else if (kind === 1) parent.splice(key, 0, JSON.parse(JSON.stringify(parent[key] ?? null)));
    else parent[key] = value;
  } else if (!Array.isArray(parent)) {
    if (kind === 0) delete parent[key];
    else if (kind === 1) parent[`${key}Copy`] = parent[key];
    else parent[key] = value;
  }
}
