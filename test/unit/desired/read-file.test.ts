/**
 * The desired-state reader's buffer: sized from the file, not a zero-filled 1 MiB per file, and still
 * bounded (a file over 1 MiB is refused, by stat and by the read).
 */
import { writeFileSync } from 'node:fs';
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
