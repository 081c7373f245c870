/**
 * canonicalJson is written out by hand for speed; saved plans' checksums depend on its exact bytes, so it
 * must equal JSON.stringify over a key-sorted copy (the original definition) for every value.
 */
import fc from 'fast-check';
import { canonicalJson } from '../../../src/model/plan';

function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
}

const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.constantFrom(undefined, null, Number.NaN, -0, Number.POSITIVE_INFINITY, () => 1),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom('10', '2', '01', '4294967295', '4294967294', '-1', '1.5', '__proto__', 'é', ''),
      ),
      tie('value'),
      {
        maxKeys: 5,
      },
    ),
  ),
}));

test('equals JSON.stringify over a key-sorted copy, for any value', () => {
  fc.assert(
    fc.property(anyValue.value, (v) => {
      expect(canonicalJson(v)).toBe(reference(v));
    }),
    { numRuns: 2000 },
  );
});

test('honours toJSON and sorts what it returns', () => {
  const when = new Date(Date.UTC(2026, 11, 2));
  const custom = { toJSON: () => ({ b: 1, a: [undefined, 2] }) };
  const value = { z: when, y: custom, x: undefined };
  expect(canonicalJson(value)).toBe('{"y":{"a":[null,2],"b":1},"z":"2026-12-02T00:00:00.000Z"}');
  expect(canonicalJson(value)).toBe(reference(value));
});
