/**
 * A Duo key ISE sends back on GET, or a mask of one (helper report of 2026-12-04): `****…0000`, a run of `x`
 * and bullets were read as keys, so every plan changed the keys and no apply converged.
 */
import { isClearKey } from '../../../src/model/key-answer';

test.each([
  ['a Duo sKey', 'Zk3QpL9xW2mN7vB4cR8tY1uE6oI5aS0dF3gH9jK2', true],
  ['a test key with many zeros', 'b-admin-skey-0000000000000000000000000001', true],
  ['an ikey', 'DIWJ8X6AEYOR5OMC6TQ1', true],
  ['stars', '******', false],
  ['stars and the last four', `${'*'.repeat(36)}0000`, false],
  ['bullets', '••••••••••••••••••••••••', false],
  ['x, short', 'xxxxxxxxxxxx', false],
  ['X and the last four', `${'X'.repeat(36)}1234`, false],
  ['empty', '', false],
  ['white space inside', 'Zk3QpL9xW2mN7vB4cR8t Y1uE6oI5aS0dF3gH9jK2', false],
  ['not text', null, false],
])('%s', (_name, value, clear) => {
  expect(isClearKey(value)).toBe(clear);
});
