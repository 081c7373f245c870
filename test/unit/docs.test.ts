/**
 * The documentation stays true to the code: the README starts with the two commands and carries the exit
 * code table from EXIT_CODE_TABLE and every command the CLI has; docs/file-reference.md is exactly what the
 * generator makes from the schema; local links resolve; the changelog has the package version, and so has
 * every tarball name the README and the CI recipes install (`ise-duo-<version>.tgz`); and every
 * example names the schema for editors with a path that resolves from its own folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { EXIT_CODE_TABLE } from '../../src/exit-codes';
import { CLI, REPO } from '../helpers/harness';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The rows of the first markdown table after `heading`, as arrays of trimmed cells (header row excluded). */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no "${heading}" in the README`);
  const first = lines.findIndex((l, i) => i > start && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(
      lines[i]
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2); // header and separator
}

describe('README.md', () => {
  it('starts with the two commands, within the first 40 lines', () => {
    const head = readme.split('\n').slice(0, 40).join('\n');
    expect(head).toContain('npm ci && npm start');
    expect(head).toMatch(/^npm test\b/m);
  });

  it('has the exit code table, equal to EXIT_CODE_TABLE', () => {
    const rows = tableAfter(readme, '## Exit codes');
    expect(rows).toEqual(EXIT_CODE_TABLE.map(([code, meaning]) => [String(code), meaning]));
  });

  it('lists every command the CLI has', () => {
    const help = execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    const lines = help.split('\n');
    const from = lines.indexOf('Commands:');
    const commands = lines
      .slice(from + 1, lines.indexOf('', from))
      .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
      .filter((n): n is string => !!n && n !== 'help');
    const documented = tableAfter(readme, '## Commands').map((row) => /^`([a-z-]+)/.exec(row[0])?.[1]);
    expect(documented.sort()).toEqual([...commands].sort());
  });

  it('links only to files that exist', () => {
    const missing = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => !existsSync(join(REPO, target)));
    expect(missing).toEqual([]);
  });
});

describe('docs/', () => {
  it('file-reference.md is what `npm run docs` generates from the schema (run it after a schema change)', () => {
    const generated = execFileSync(process.execPath, [join(REPO, 'scripts/gen-docs.mjs'), '--stdout'], {
      encoding: 'utf8',
    });
    expect(readFileSync(join(REPO, 'docs/file-reference.md'), 'utf8')).toBe(generated);
  });

  it('file-reference.md documents every top-level key of the schema', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'schemas/ise-duo.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
    };
    const text = readFileSync(join(REPO, 'docs/file-reference.md'), 'utf8');
    for (const key of Object.keys(schema.properties)) expect(text).toMatch(new RegExp(`\\| \`${key}\` +\\|`));
  });

  it.each(['design.md', 'file-reference.md'])('%s links only to files that exist', (name) => {
    const text = readFileSync(join(REPO, 'docs', name), 'utf8');
    const missing = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => !existsSync(join(REPO, 'docs', target)));
    expect(missing).toEqual([]);
  });
});

describe('the tarball the docs install', () => {
  it("is named for package.json's version everywhere", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const ci = join(REPO, 'examples/ci');
    const texts = [readme, ...readdirSync(ci).map((f) => readFileSync(join(ci, f), 'utf8'))];
    const named = texts.flatMap((t) => [...t.matchAll(/ise-duo-(\d+\.\d+\.\d+)\.tgz/g)].map((m) => m[1]));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((v) => v !== version)).toEqual([]);
  });
});

describe('CHANGELOG.md', () => {
  it("has a section for package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(readFileSync(join(REPO, 'CHANGELOG.md'), 'utf8')).toMatch(
      new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm'),
    );
  });
});

/**
 * Top-level examples are also validated by test/unit/desired/fixtures.test.ts; this adds examples in
 * sub-folders (all but examples/ci/, which holds CI recipes) and the path check, which matters once a file is
 * not directly in examples/.
 */
describe('examples/ carry the editor schema comment', () => {
  const SCHEMA = join(REPO, 'schemas/ise-duo.schema.json');
  const EXAMPLES = join(REPO, 'examples');

  function desiredStateFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'ci' && dir === EXAMPLES ? [] : desiredStateFiles(path);
      return /\.ya?ml$/.test(e.name) ? [path] : [];
    });
  }

  const files = desiredStateFiles(EXAMPLES).map((f) => relative(EXAMPLES, f));

  it('finds the examples', () => {
    expect(files).toEqual(expect.arrayContaining(['minimal.yaml', 'full.yaml', 'mfa-off.yaml']));
  });

  it.each(files)(
    '%s: first line names ise-duo.schema.json by a path that resolves from its folder',
    (file) => {
      const path = join(EXAMPLES, file);
      const first = readFileSync(path, 'utf8').split('\n')[0];
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m).not.toBeNull();
      expect(resolve(dirname(path), m![1])).toBe(SCHEMA);
      expect(m![1]).toBe(relative(dirname(path), SCHEMA));
    },
  );
});
