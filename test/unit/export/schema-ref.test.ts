/**
 * The exported file's `$schema` line (src/export/schema-ref.ts) on real folder layouts in a temp dir: a
 * relative path when a schema lies inside the output's repository, otherwise no line and the reason.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaHeaderLines, schemaReference } from '../../../src/export/schema-ref';
import { tempDir } from '../../helpers/harness';

function touch(root: string, path: string): string {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, '{}');
  return file;
}

describe('schemaReference', () => {
  test('the running install inside the repository (a clone of ise-duo): relative to the output', () => {
    const repo = tempDir();
    mkdirSync(join(repo, '.git'));
    const schema = touch(repo, 'schemas/ise-duo.schema.json');
    expect(schemaReference(join(repo, 'examples/site.yaml'), '/', schema)).toEqual({
      kind: 'relative',
      path: '../schemas/ise-duo.schema.json',
    });
    expect(schemaReference(undefined, repo, schema)).toEqual({
      kind: 'relative',
      path: 'schemas/ise-duo.schema.json',
    }); // stdout: the current folder stands for the file's
  });

  test('a project with ise-duo in node_modules: that copy, even when another ise-duo runs', () => {
    const repo = tempDir();
    writeFileSync(join(repo, '.git'), 'gitdir: elsewhere\n'); // a worktree's .git is a file
    touch(repo, 'node_modules/ise-duo/schemas/ise-duo.schema.json');
    const elsewhere = join(tempDir(), 'schemas/ise-duo.schema.json');
    expect(schemaReference(join(repo, 'ise/sites/site.yaml'), '/', elsewhere)).toEqual({
      kind: 'relative',
      path: '../../node_modules/ise-duo/schemas/ise-duo.schema.json',
    });
  });

  test('outside git, an npm project (package.json) is the repository', () => {
    const project = tempDir();
    writeFileSync(join(project, 'package.json'), '{}');
    touch(project, 'node_modules/ise-duo/schemas/ise-duo.schema.json');
    expect(schemaReference(join(project, 'site.yaml'), '/', '/opt/x/schemas/ise-duo.schema.json')).toEqual({
      kind: 'relative',
      path: 'node_modules/ise-duo/schemas/ise-duo.schema.json',
    });
  });

  test('a schema above the repository is not reachable: no line, and why', () => {
    const outer = tempDir();
    touch(outer, 'node_modules/ise-duo/schemas/ise-duo.schema.json'); // above the repository: not committed
    const repo = join(outer, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const ref = schemaReference(join(repo, 'site.yaml'), '/', '/usr/lib/node_modules/ise-duo/schemas/x.json');
    expect(ref).toEqual({
      kind: 'none',
      reason: `the schema of this ise-duo (/usr/lib/node_modules/ise-duo/schemas/x.json) is outside the repository ${repo}, so a path to it would be right on this machine only`,
    });
  });

  test('no repository at all: no line, and why', () => {
    const dir = tempDir(); // under the temp folder, where no .git or package.json is above
    expect(schemaReference(join(dir, 'site.yaml'), '/')).toEqual({
      kind: 'none',
      reason: `${dir} is in no git repository or npm project, so no path to the schema is known to stay right`,
    });
  });
});

describe('schemaHeaderLines', () => {
  test('the modeline, or comment lines that name the reason and how to add one', () => {
    expect(schemaHeaderLines({ kind: 'relative', path: '../schemas/ise-duo.schema.json' })).toEqual([
      '# yaml-language-server: $schema=../schemas/ise-duo.schema.json',
    ]);
    const lines = schemaHeaderLines({ kind: 'none', reason: 'because' });
    expect(lines[0]).toBe('# No $schema line for editors: because.');
    expect(lines.every((l) => l.startsWith('# '))).toBe(true);
    expect(lines.some((l) => l.startsWith('# yaml-language-server:'))).toBe(false); // no live modeline
  });
});
