/**
 * Audit of 2026-12-02: a `%YAML 1.1` directive changed what plain values mean (`enabled: off` became false)
 * and `%TAG` was accepted while tags are refused; a description took Unicode line separators and direction
 * overrides, and messages printed them raw; a schedule interval past 2^53 was rounded without a word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDesiredState } from '../../../src/desired/load';
import { EXAMPLES_DIR, TEST_ENV } from './helpers';

const base = readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8');
const issues = (text: string) => {
  const r = parseDesiredState(text, 'f.yaml', TEST_ENV);
  return r.ok ? [] : r.issues.map((i) => `${i.line}:${i.column} ${i.message}`);
};

test('%YAML 1.1 and %TAG are refused at their line; %YAML 1.2 is the version read anyway', () => {
  expect(issues(`%YAML 1.1\n---\n${base}`)).toEqual([
    '1:1 "%YAML 1.1" is not allowed: it changes what plain values mean (in YAML 1.1, off is false); remove the directive',
  ]);
  expect(issues(`# c\n%TAG !x! tag:example.com,2000:\n---\n${base}`)).toEqual([
    '2:1 "%TAG" directives are not allowed, as tags are not; remove the directive and write plain values',
  ]);
  expect(issues(`%YAML 1.2\n---\n${base}`)).toEqual([]);
});

test.each(['\u0085', '\u2028', '\u2029', '\u202e', '\u2066'])(
  'a description holding U+%s is refused, and the message shows it escaped',
  (c) => {
    const text = base.replace(/description: .*/, `description: "Duo ${c}x"`);
    const [problem, ...rest] = issues(text);
    expect(rest).toEqual([]);
    expect(problem).toContain(
      `"Duo \\u${c.charCodeAt(0).toString(16).padStart(4, '0')}x" holds a line break`,
    );
    expect(problem).not.toContain(c);
  },
);

test("schedule.every above ISE's int32 is refused, not rounded (9007199254740993 became ...992)", () => {
  const text = readFileSync(join(EXAMPLES_DIR, 'full.yaml'), 'utf8').replace(
    /every: \d+/,
    'every: 9007199254740993',
  );
  expect(issues(text).some((i) => i.endsWith('"every" must be at most 2147483647'))).toBe(true);
});
