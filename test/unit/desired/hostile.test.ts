/**
 * Hostile and broken input: every case must come back as a result with a clear issue, quickly, and never
 * throw, hang or exhaust memory. Large inputs are generated into a temp folder rather than committed.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadResult, loadDesiredState, parseDesiredState } from '../../../src/desired/load';
import { TEST_ENV } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'ise-duo-hostile-'));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Loads a file, asserting it fails fast; returns the issues. */
async function refused(path: string, maxMs = 1500) {
  const started = Date.now();
  const result: LoadResult = await loadDesiredState(path, TEST_ENV);
  expect(Date.now() - started).toBeLessThan(maxMs);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues;
}

function parsedIssues(text: string) {
  const result = parseDesiredState(text, 'x.yaml', TEST_ENV);
  return result.ok ? [] : result.issues.map(({ line, column, message }) => ({ line, column, message }));
}

describe('hostile input', () => {
  it('refuses a file over 1 MiB from its size, before reading it', async () => {
    const path = write('big.yaml', `version: 1\n# ${'x'.repeat(1024 * 1024)}\n`);
    expect(await refused(path)).toEqual([
      expect.objectContaining({
        line: 0,
        message: 'the file has 1048590 bytes; a desired-state file may have at most 1 MiB (1048576 bytes)',
      }),
    ]);
  });

  it('refuses binary garbage, NUL bytes and invalid UTF-8', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect((await refused(write('garbage.yaml', garbage)))[0]!.message).toMatch(/not UTF-8 text|NUL byte/);
    expect(
      await refused(write('invalid-utf8.yaml', Buffer.from([0x76, 0x3a, 0x20, 0xc3, 0x28, 0x0a]))),
    ).toEqual([
      // Placed at the first byte that is not UTF-8 (audit of 2026-12-02: no line or column before).
      expect.objectContaining({
        line: 1,
        column: 4,
        message: 'the file is not UTF-8 text from here on (a byte that is not UTF-8); save it as UTF-8',
      }),
    ]);
    expect(await refused(write('utf16.yaml', Buffer.from('\ufeffversion: 1\n', 'utf16le')))).toEqual([
      expect.objectContaining({ message: 'the file is UTF-16 text; save it as UTF-8' }),
    ]);
    expect(await refused(write('nul.yaml', 'version: 1\nmfa:\0\n'))).toEqual([
      expect.objectContaining({
        line: 2,
        column: 5,
        message: 'the file contains a NUL byte: it looks binary, not YAML text',
      }),
    ]);
  });

  it('refuses deep nesting of flow collections, block mappings and compact lists, quickly', () => {
    const deep = [
      '['.repeat(500_000),
      `a: ${'{b: '.repeat(200_000)}`,
      `${'- '.repeat(400_000)}x\n`,
      Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      `a: ${'['.repeat(70)}1${']'.repeat(70)}\n`,
    ];
    for (const text of deep) {
      const started = Date.now();
      const issues = parsedIssues(text);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(issues).toEqual([
        expect.objectContaining({
          message: 'the file is nested too deeply (the limit is 64 levels of lists and mappings)',
        }),
      ]);
    }
  });

  it('refuses half of a UTF-16 pair written as an escape, and keeps a whole astral character', () => {
    // Audit of 2026-12-02: "\ud800" passed validate, and no JSON body could carry it to ISE.
    expect(parsedIssues('version: 1\nmfa: { enabled: true }\nx: "g\\ud800"\n')).toEqual([
      expect.objectContaining({
        line: 3,
        column: 4,
        message: expect.stringMatching(/half of a UTF-16 pair/),
      }),
    ]);
    const whole = parsedIssues('version: 1\nmfa: { enabled: true }\nx: "g\\U0001F600"\n');
    expect(whole.map((i) => i.message).join()).not.toMatch(/UTF-16/);
  });

  it('refuses an alias bomb ("billion laughs") without expanding it', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const issues = parsedIssues(`${lines.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(issues[0]).toEqual({
      line: 1,
      column: 4,
      message: 'YAML anchors (&a) are not allowed; write each value out in full',
    });
    expect(issues.length).toBeGreaterThan(10);
  });

  it('refuses an empty file, a whitespace-only file and a root that is not a mapping', () => {
    const empty = {
      line: 1,
      column: 1,
      message:
        'the file is empty; a desired-state file needs at least "version: 1" and "mfa:" with "enabled: true" or "enabled: false"',
    };
    expect(parsedIssues('')).toEqual([empty]);
    expect(parsedIssues('\n\n   \n')).toEqual([empty]);
    expect(parsedIssues('42\n')[0]!.message).toMatch(/must be a mapping .* not a single value$/);
    expect(parsedIssues('[1, 2]\n')[0]!.message).toMatch(/must be a mapping .* not a list$/);
  });

  it('refuses lists or mappings used as keys, which JavaScript objects cannot hold', () => {
    expect(parsedIssues('version: 1\n? [a, b]\n: c\n')).toEqual([
      { line: 2, column: 3, message: 'mapping keys must be plain names, not lists or mappings' },
    ]);
  });

  it('reports a folder, a missing file and a device instead of reading them', async () => {
    const folder = join(dir, 'folder.yaml');
    mkdirSync(folder, { recursive: true });
    expect(await refused(folder)).toEqual([
      expect.objectContaining({ message: 'is a folder, not a file; give the path of a .yaml file' }),
    ]);
    expect(await refused(join(dir, 'missing.yaml'))).toEqual([
      expect.objectContaining({
        file: join(dir, 'missing.yaml'),
        line: 0,
        column: 0,
        message: 'file not found',
      }),
    ]);
    expect(await refused('/dev/zero')).toEqual([
      expect.objectContaining({
        message: 'is not a regular file (a device, pipe or socket); give a .yaml file',
      }),
    ]);
  });

  it('reports an unreadable file', async () => {
    const path = write('locked.yaml', 'version: 1\n');
    chmodSync(path, 0o000);
    const runsAsRoot = process.getuid?.() === 0; // root reads it anyway; then the content is checked instead
    const issues = await refused(path);
    if (!runsAsRoot) {
      expect(issues).toEqual([
        expect.objectContaining({ message: 'cannot read the file: permission denied' }),
      ]);
    } else {
      expect(issues[0]!.message).toMatch(/missing required key "mfa"/);
    }
  });

  it('strips a UTF-8 byte order mark', async () => {
    const path = write('bom.yaml', '\uFEFFversion: 1\nmfa:\n  enabled: false\n');
    const result = await loadDesiredState(path, TEST_ENV);
    expect(result.ok).toBe(true);
  });
});
