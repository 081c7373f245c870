/**
 * `ise-duo --help` and `ise-duo <command> --help`, run as real processes: each shows its usage, its flags,
 * the exit code table (the same one as the README, from EXIT_CODE_TABLE) and at least two examples, and the
 * examples use only flags the command has. New commands are picked up from the top-level help, so a command
 * added without examples fails here. `--version` prints package.json's version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODE_TABLE } from '../../src/exit-codes';
import { optionNames, section } from '../helpers/cli-help';
import { REPO, runCli } from '../helpers/harness';

async function help(args: string[]): Promise<string> {
  const r = await runCli([...args, '--help'], {});
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** The table, row for row; a command may add its own sentence after it. */
function expectExitCodes(text: string): void {
  const rows = EXIT_CODE_TABLE.map(([code, meaning]) => `  ${code}  ${meaning}`);
  expect(section(text, 'Exit codes').slice(0, rows.length)).toEqual(rows);
}

/** `$ ise-duo plan site.yaml --out plan.json && ise-duo apply …` → each ise-duo call's words. */
function exampleCalls(text: string): string[][] {
  return section(text, 'Examples').flatMap((line) =>
    line
      .replace(/^\s*\$\s*/, '')
      .split(/&&|\||;/)
      .map((part) => part.trim().split(/\s+/))
      .map((words) => words.slice(words.findIndex((w) => !/^[A-Z_]+=/.test(w)))) // VAR=value ise-duo …
      .filter((words) => words[0] === 'ise-duo')
      .map((words) => words.slice(1).filter((w) => !/^\d?>/.test(w))),
  );
}

describe('ise-duo --help', () => {
  let top: string;
  let commands: string[];
  let globalFlags: string[];

  beforeAll(async () => {
    top = await help([]);
    commands = section(top, 'Commands')
      .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
      .filter((n): n is string => !!n && n !== 'help');
    globalFlags = optionNames(top);
  });

  test('shows usage, the commands, the exit codes and two examples', () => {
    expect(top).toMatch(/^Usage: ise-duo \[options\] \[command\]/);
    expect(commands).toEqual(expect.arrayContaining(['validate', 'plan', 'apply', 'drift', 'sim']));
    expectExitCodes(top);
    expect(
      section(top, 'Examples').filter((l) => l.trim().startsWith('$ ise-duo')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(globalFlags).toEqual(expect.arrayContaining(['--version', '--help', '--log-level']));
  });

  test('every command: usage, flags, exit codes, and two examples that use only its flags', async () => {
    const problems: string[] = [];
    for (const command of commands) {
      const text = await help([command]);
      if (!text.startsWith(`Usage: ise-duo ${command}`)) problems.push(`${command}: no usage line`);
      expect(section(text, 'Exit codes').length).toBeGreaterThan(0);
      expectExitCodes(text);
      const flags = new Set([...optionNames(text), ...globalFlags]);
      if (!flags.has('--help')) problems.push(`${command}: no --help in Options`);
      const calls = exampleCalls(text);
      if (calls.length < 2) problems.push(`${command}: ${calls.length} example(s), want at least 2`);
      for (const words of calls) {
        const sub = words[0];
        const subFlags =
          sub === command ? flags : new Set([...optionNames(await help([sub])), ...globalFlags]);
        for (const flag of words.filter((w) => w.startsWith('-')).map((w) => w.split('=')[0])) {
          if (!subFlags.has(flag))
            problems.push(`${command} example "ise-duo ${words.join(' ')}": no flag ${flag}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('ise-duo --version', () => {
  test.each([['--version'], ['-V']])('%s prints the version in package.json', async (flag) => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli([flag], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });
});
