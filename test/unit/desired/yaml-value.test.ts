/**
 * `documentValue` is `doc.toJS()` for the documents a load lets through, made without toJS's machinery: the
 * same data for every kind of key and scalar, and toJS itself where the two could differ (merge keys).
 */
import { inspect } from 'node:util';
import { Document, LineCounter, parseDocument } from 'yaml';
import { parseYaml } from '../../../src/desired/parse-yaml';
import { documentValue } from '../../../src/desired/yaml-value';

const shown = (value: unknown) => inspect(value, { depth: null, showHidden: true });

function expectSameAsToJS(text: string): unknown {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true });
  expect(doc.errors).toEqual([]);
  const value = documentValue(doc);
  const viaToJS = doc.toJS({ maxAliasCount: 0 });
  expect(value).toStrictEqual(viaToJS);
  expect(shown(value)).toBe(shown(viaToJS)); // own `__proto__` keys, -0, NaN and array lengths included
  return value;
}

test('keys of every scalar kind, and keys objects already have, come out as toJS makes them', () => {
  const value = expectSameAsToJS(
    [
      '1: a',
      '2.5: b',
      '~: c',
      'true: d',
      '__proto__: e',
      'constructor: f',
      'toString: g',
      '1e3: h',
      '"quoted": i',
      'l: [a: 1, b, {: x}, -0, .nan, 0x1F, 1e400, -.inf, 0o7, null, ~, "", \'s\']',
      'm: |',
      '  x',
      'n: >-',
      '  z',
      '',
    ].join('\n'),
  ) as Record<string, unknown>;
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(Object.keys(value)).toContain('__proto__');
  expect(value['']).toBe('c');
  expect(value.l).toEqual([
    { a: 1 },
    'b',
    { '': 'x' },
    -0,
    Number.NaN,
    31,
    Infinity,
    -Infinity,
    7,
    null,
    null,
    '',
    's',
  ]);
});

test('empty values, nested lists and mappings', () => {
  expectSameAsToJS('a:\nb: []\nc: {}\nd:\n  - - x\n    - { y: [1, { z: null }] }\n  -\n');
});

test('a YAML 1.1 document (merge keys, timestamps) is left to toJS', () => {
  const doc = parseDocument('%YAML 1.1\n---\nb:\n  <<: { c: 1 }\n  d: 2\nt: 2001-12-14\n');
  expect(doc.schema.name).toBe('yaml-1.1');
  const toJS = jest.spyOn(Document.prototype, 'toJS');
  expect(documentValue(doc)).toEqual({ b: { c: 1, d: 2 }, t: new Date('2001-12-14T00:00:00.000Z') });
  expect(toJS).toHaveBeenCalledTimes(1);
  toJS.mockRestore();
});

test('a load takes its value from documentValue, not toJS', () => {
  const toJS = jest.spyOn(Document.prototype, 'toJS');
  const parsed = parseYaml('version: 1\nmfa: { enabled: true }\n');
  expect(parsed.ok && parsed.parsed.value).toEqual({ version: 1, mfa: { enabled: true } });
  expect(toJS).not.toHaveBeenCalled();
  toJS.mockRestore();
});
