/**
 * The one colour rule (src/color.ts): FORCE_COLOR and NO_COLOR from the environment, else the TTY-ness of
 * the stream that is written to.
 */
import { colorEnabled } from '../../src/color';

describe('colorEnabled', () => {
  test.each([
    ['a terminal, nothing set', {}, true, true],
    ['a pipe, nothing set', {}, false, false],
    ['NO_COLOR on a terminal', { NO_COLOR: '1' }, true, false],
    ['NO_COLOR empty counts as unset', { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR on a pipe', { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR=true on a pipe', { FORCE_COLOR: 'true' }, false, true],
    ['FORCE_COLOR=3 (a depth) on a pipe', { FORCE_COLOR: '3' }, false, true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false on a terminal', { FORCE_COLOR: 'false' }, true, false],
    ['FORCE_COLOR empty counts as unset', { FORCE_COLOR: '' }, false, false],
    ['FORCE_COLOR wins over NO_COLOR', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['TERM=dumb on a terminal', { TERM: 'dumb' }, true, false],
    ['FORCE_COLOR wins over TERM=dumb', { TERM: 'dumb', FORCE_COLOR: '1' }, true, true],
  ])('%s', (_name, env, isTTY, expected) => {
    expect(colorEnabled(env as NodeJS.ProcessEnv, isTTY)).toBe(expected);
  });
});
