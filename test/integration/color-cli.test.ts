/**
 * Colour as a user sees it from the built CLI, whose stdout here is a pipe: plain by default, coloured with
 * FORCE_COLOR, plain again with FORCE_COLOR=0 or NO_COLOR alone.
 */
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const ANSI = /\u001b\[\d+m/;

describe('colour of plan text', () => {
  let sim: RunningSimulator;
  let dir: string;
  beforeAll(async () => {
    sim = await startTestSimulator();
    dir = tempDir();
    writeFile(dir, 'site.yaml', siteYaml({}));
  });
  afterAll(() => sim.stop());

  const plan = (extra: Record<string, string>) =>
    runCli(['plan', 'site.yaml'], { ...DUO_ENV, ISE_URL: sim.url, ...extra }, dir);

  test.each([
    ['nothing set (a pipe)', {}, false],
    ['FORCE_COLOR=1', { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, false],
    ['NO_COLOR=1', { NO_COLOR: '1' }, false],
  ])('%s', async (_name, extra, coloured) => {
    const r = await plan(extra);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('will be created');
    expect(ANSI.test(r.stdout)).toBe(coloured);
  });
});
