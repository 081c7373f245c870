/**
 * The shared folder expansion (src/files/expand-paths.ts) on real folders in a temp dir: what counts as a
 * target, in what order, and which entries are problems that name their path.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeProblem, expandPaths } from '../../../src/files/expand-paths';
import { expandTargets } from '../../../src/fleet/expand-targets';
import { tempDir } from '../../helpers/harness';

function folder(entries: Record<string, string | { link: string } | 'dir'>): string {
  const dir = tempDir('ise-duo-expand-');
  for (const [name, what] of Object.entries(entries)) {
    const path = join(dir, name);
    if (what === 'dir') mkdirSync(path);
    else if (typeof what === 'string') writeFileSync(path, what);
    else symlinkSync(what.link, path);
  }
  return dir;
}

describe('expandPaths', () => {
  test('regular files and symlinks to files, .yaml and .yml, sorted; others and hidden entries skipped', () => {
    const target = folder({ 'real.yaml': 'version: 1\n' });
    const dir = folder({
      'b.yml': 'x',
      'a.yaml': 'x',
      'C.YAML': 'x',
      'linked.yaml': { link: join(target, 'real.yaml') },
      'relative.yml': { link: 'a.yaml' },
      '.hidden.yaml': 'x',
      'notes.txt': 'x',
      'nested.yaml': 'dir',
      'to-folder.yaml': { link: target },
    });
    const r = expandPaths([dir], '/');
    expect(r.problems).toEqual([]);
    expect(r.sawFolder).toBe(true);
    expect(r.files.map((f) => f.shown)).toEqual(
      ['C.YAML', 'a.yaml', 'b.yml', 'linked.yaml', 'relative.yml'].map((n) => join(dir, n)),
    );
    expect(r.files.every((f) => f.path.startsWith('/'))).toBe(true);
  });

  test('a folder given relative to cwd: paths shown as written, absolute paths to read', () => {
    const dir = folder({ sites: 'dir' });
    writeFileSync(join(dir, 'sites', 'one.yaml'), 'x');
    const r = expandPaths(['sites', 'sites/one.yaml', 'missing.yaml'], dir);
    expect(r.files).toEqual([
      { path: join(dir, 'sites/one.yaml'), shown: join('sites', 'one.yaml'), relative: 'one.yaml' },
      { path: join(dir, 'missing.yaml'), shown: 'missing.yaml', relative: 'missing.yaml' },
    ]); // one.yaml once, though named twice; a missing file is left to the loader; `relative` is to the folder
    // it came from (what --shard hashes), the file's own name when given directly
  });

  test('a file given directly is passed on whatever its name, hidden or not YAML', () => {
    const dir = folder({ '.site.yaml': 'x', 'site.conf': 'x' });
    const r = expandPaths(['.site.yaml', 'site.conf'], dir);
    expect(r.files.map((f) => f.shown)).toEqual(['.site.yaml', 'site.conf']);
    expect(r.sawFolder).toBe(false);
  });

  test('a symlink loop, a dangling symlink and an entry that cannot be looked at are problems with the path', () => {
    const dir = folder({
      'ok.yaml': 'x',
      'loop.yaml': { link: 'loop.yaml' },
      'gone.yaml': { link: 'nowhere.yaml' },
      'long.yaml': { link: 'n'.repeat(300) }, // ENAMETOOLONG: stat fails, as for an unreadable entry
    });
    const { files, problems } = expandPaths([dir], '/');
    expect(files.map((f) => f.shown)).toEqual([join(dir, 'ok.yaml')]);
    expect(problems.map(describeProblem)).toEqual([
      `${join(dir, 'gone.yaml')}: broken symlink: what it points at does not exist (fix or remove the symlink)`,
      `${join(dir, 'long.yaml')}: cannot be read (ENAMETOOLONG)`,
      `${join(dir, 'loop.yaml')}: symlink loop: the link leads back to itself (point the symlink at a file)`,
    ]);
  });

  test('a folder with no YAML (hidden ones do not count) is a problem', () => {
    const dir = folder({ '.only-hidden.yaml': 'x', 'readme.md': 'x' });
    expect(expandPaths(['.'], dir).problems).toEqual([
      {
        shown: '.',
        message: 'the folder holds no .yaml or .yml files',
        hint: 'give desired-state files, or a folder of them (hidden files are skipped)',
      },
    ]);
  });
});

describe('expandTargets (fleet runs)', () => {
  test('the same files as validate, and a fleet when a folder was given, even with one file', () => {
    const dir = folder({ 'only.yaml': 'x', 'link.yml': { link: 'only.yaml' } });
    expect(expandTargets(['.'], dir)).toEqual({
      files: ['link.yml', 'only.yaml'],
      relative: ['link.yml', 'only.yaml'],
      fleet: true,
    });
    expect(expandTargets(['only.yaml'], dir)).toEqual({
      files: ['only.yaml'],
      relative: ['only.yaml'],
      fleet: false,
    });
  });

  test('any problem stops the run with every problem named', () => {
    const dir = folder({ 'ok.yaml': 'x', 'loop.yaml': { link: 'loop.yaml' }, empty: 'dir' });
    expect(() => expandTargets(['.', 'empty'], dir)).toThrow(
      'loop.yaml: symlink loop: the link leads back to itself; and empty: the folder holds no .yaml or .yml files (give desired-state files, or a folder of them (hidden files are skipped))',
    );
  });
});
