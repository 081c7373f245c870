/**
 * No one is asked to approve changes they were not shown (audit B of 2026-12-02): on a terminal,
 * `apply --format json` (or text with stdout sent to a file) asked "Apply these 3 change(s)?" with no plan
 * in sight. The plan now goes to the terminal's stream, beside the question, whenever stdout did not show it.
 */
import { apply } from '../../src/commands/apply';
import type { OutputFormat } from '../../src/runtime/context';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { capture, DUO_ENV, siteYaml, tempDir, writeFile } from '../helpers/harness';

let sim: RunningSimulator;
const dir = tempDir('ise-duo-confirm-');
const file = writeFile(dir, 'site.yaml', siteYaml({}));

beforeAll(async () => {
  sim = await startSimulator({ username: DUO_ENV.ISE_USERNAME, password: DUO_ENV.ISE_PASSWORD });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

async function declined(format: OutputFormat, stdoutIsTerminal: boolean) {
  const c = capture({ ...DUO_ENV, ISE_URL: sim.url }, dir);
  const asked: string[] = [];
  const ctx = {
    ...c.ctx,
    isTTY: stdoutIsTerminal,
    errIsTTY: true,
    confirm: async (question: string) => {
      asked.push(`${c.err()}\n---\n${question}`);
      return false;
    },
  };
  await expect(apply({ file, format }, ctx)).rejects.toThrow(/apply cancelled; nothing was changed/);
  expect(sim.requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
  return { asked, out: c.out() };
}

test.each([
  ['json', true],
  ['markdown', true],
  ['text', false],
] as const)(
  '--format %s (stdout a terminal: %s): the plan is shown on stderr before the question',
  async (format, tty) => {
    const { asked } = await declined(format, tty);
    expect(asked).toHaveLength(1);
    const [shown, question] = asked[0]!.split('\n---\n');
    expect(shown).toContain('duo-connection "corp-duo" will be created');
    expect(question).toMatch(/^Apply these 3 change\(s\)/);
  },
);

test('text on a terminal: the plan is on stdout, and not shown twice', async () => {
  const { asked, out } = await declined('text', true);
  expect(out).toContain('duo-connection "corp-duo" will be created');
  expect(asked[0]!.split('\n---\n')[0]).not.toContain('will be created');
});
