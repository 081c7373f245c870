/**
 * The desired-state reader's buffer: sized from the file, not a zero-filled 1 MiB per file, and still
 * bounded (a file over 1 MiB is refused, by fstat and by the read); what it refuses to open or read.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FILE_BYTES, readDesiredFile } from '../../../src/desired/read-file';
import { tempDir } from '../../helpers/harness';

const dir = tempDir('ise-duo-read-');

test('a small file is read whole, with no buffer near the 1 MiB limit and none zero-filled', async () => {
  const file = join(dir, 'small.yaml');
  const text = `version: 1\n# ${'é'.repeat(1000)}\n`;
  writeFileSync(file, text);
  const alloc = jest.spyOn(Buffer, 'alloc');
  const allocUnsafe = jest.spyOn(Buffer, 'allocUnsafe');
  try {
    expect(await readDesiredFile(file)).toEqual({ ok: true, text });
    expect(alloc.mock.calls.filter(([size]) => size > 64 * 1024)).toEqual([]);
    expect(allocUnsafe.mock.calls.filter(([size]) => size > 64 * 1024)).toEqual([]);
  } finally {
    alloc.mockRestore();
    allocUnsafe.mockRestore();
  }
});

test('a file of exactly 1 MiB is read; one byte more is refused', async () => {
  const exact = join(dir, 'exact.yaml');
  writeFileSync(exact, `#${'x'.repeat(MAX_FILE_BYTES - 2)}\n`);
  const read = await readDesiredFile(exact);
  expect(read.ok && read.text.length).toBe(MAX_FILE_BYTES);
  const over = join(dir, 'over.yaml');
  writeFileSync(over, `#${'x'.repeat(MAX_FILE_BYTES - 1)}\n`);
  const refused = await readDesiredFile(over);
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.issue.message).toMatch(/at most 1 MiB/);
});

test('an empty file reads as empty text', async () => {
  const file = join(dir, 'empty.yaml');
  writeFileSync(file, '');
  expect(await readDesiredFile(file)).toEqual({ ok: true, text: '' });
});

test('a FIFO is refused without blocking on its open (no writer ever comes)', async () => {
  const fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  const started = Date.now();
  const read = await readDesiredFile(fifo, 'pipe.yaml');
  expect(Date.now() - started).toBeLessThan(1000);
  expect(read).toEqual({
    ok: false,
    issue: {
      file: 'pipe.yaml',
      line: 0,
      column: 0,
      pointer: '',
      message: 'is not a regular file (a device, pipe or socket); give a .yaml file',
      severity: 'error',
    },
  });
});

test('a symbolic link is followed: to a file it reads the file, to a folder it names a folder', async () => {
  const target = join(dir, 'target.yaml');
  writeFileSync(target, 'version: 1\n');
  symlinkSync(target, join(dir, 'link.yaml'));
  expect(await readDesiredFile(join(dir, 'link.yaml'))).toEqual({ ok: true, text: 'version: 1\n' });
  mkdirSync(join(dir, 'sub'));
  symlinkSync(join(dir, 'sub'), join(dir, 'folder-link.yaml'));
  const folder = await readDesiredFile(join(dir, 'folder-link.yaml'));
  expect(!folder.ok && folder.issue.message).toBe('is a folder, not a file; give the path of a .yaml file');
});

test('one decoder serves every file: a binary file does not spoil the next text file', async () => {
  const binary = join(dir, 'binary.yaml');
  writeFileSync(binary, Buffer.from([0x76, 0x3a, 0x20, 0xe2, 0x82]));
  const text = join(dir, 'text.yaml');
  writeFileSync(text, '\uFEFFname: é\n');
  const refused = await readDesiredFile(binary);
  expect(!refused.ok && refused.issue.message).toMatch(/not UTF-8 text/);
  expect(await readDesiredFile(text)).toEqual({ ok: true, text: 'name: é\n' });
});
