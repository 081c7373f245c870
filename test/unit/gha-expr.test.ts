/** The expression subset the local workflow runner evaluates (test/helpers/gha-expr.ts), as GitHub would. */
import { condition, evaluate, interpolate } from '../helpers/gha-expr';

const ctx = {
  github: { event_name: 'push', ref: 'refs/heads/main' },
  inputs: { allow_critical: true, off: false },
  steps: { plan: { outputs: { 'exit-code': '2', report: '/tmp/p.md' }, outcome: 'success' } },
  env: { ISE_DUO_FILE: 'ise/site.yaml' },
};

describe('gha-expr', () => {
  test.each([
    ["steps.plan.outputs.exit-code == '2'", true],
    ["steps.plan.outputs.exit-code != '0' && steps.plan.outputs.exit-code != '2'", false],
    ["github.event_name == 'PUSH'", true], // strings compare case-insensitively
    ["inputs.allow_critical && '--allow-critical' || ''", '--allow-critical'],
    ["inputs.off && '--allow-critical' || ''", ''],
    ["(github.event_name == 'push' && github.ref == 'refs/heads/main') || false", true],
    ['!inputs.off', true],
    ['steps.missing.outputs.x', ''],
    ["'it''s'", "it's"],
  ])('%s', (expr, value) => {
    expect(evaluate(expr, ctx)).toEqual(value);
  });

  test('conditions: success() is implied unless a status function is named', () => {
    expect(condition("steps.plan.outputs.report != ''", ctx)).toBe(true);
    expect(condition("steps.plan.outputs.report != ''", { ...ctx, status: 'failure' })).toBe(false);
    expect(condition("always() && steps.plan.outputs.report != ''", { ...ctx, status: 'failure' })).toBe(
      true,
    );
    expect(condition(undefined, { ...ctx, status: 'failure' })).toBe(false);
    expect(condition('${{ failure() }}', { ...ctx, status: 'failure' })).toBe(true);
  });

  test('interpolation, and unknown syntax or contexts are errors, not guesses', () => {
    expect(interpolate('files: ${{ env.ISE_DUO_FILE }} (${{ steps.plan.outputs.exit-code }})', ctx)).toBe(
      'files: ise/site.yaml (2)',
    );
    expect(() => evaluate("contains(github.ref, 'main')", ctx)).toThrow(/not understood/);
    expect(() => evaluate('hashFiles()', ctx)).toThrow(/hashFiles\(\) is not supported/);
    expect(() => evaluate('vars.X', ctx)).toThrow(/unknown context "vars"/);
    expect(() => evaluate('github.ref ==', ctx)).toThrow(/unexpected end/);
  });
});
