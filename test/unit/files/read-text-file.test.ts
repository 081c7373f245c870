/** The one reader of files a user names: what it refuses unread, and that it refuses rather than hangs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextFile } from '../../../src/files/read-text-file';

const dir = mkdtempSync(join(tmpdir(), 'ise-duo-read-'));

test('a small UTF-8 file is read whole', () => {
  writeFileSync(join(dir, 'ok.pem'), 'text ✓\n');
  expect(readTextFile(join(dir, 'ok.pem'), 100)).toEqual({ ok: true, text: 'text ✓\n' });
});

test.each([
  ['a folder', () => dir, 'folder'],
  ['a device that never ends', () => '/dev/zero', 'not-regular'],
  [
    'a FIFO (reading it would block until a writer came)',
    () => {
      const fifo = join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      return fifo;
    },
    'not-regular',
  ],
  ['a missing file', () => join(dir, 'nope'), 'os'],
  [
    'a file over the limit',
    () => {
      writeFileSync(join(dir, 'big'), 'x'.repeat(101));
      return join(dir, 'big');
    },
    'too-large',
  ],
  [
    'bytes that are not UTF-8',
    () => {
      writeFileSync(join(dir, 'bin'), Buffer.from([0xff, 0xfe, 0x00]));
      return join(dir, 'bin');
    },
    'not-utf8',
  ],
])('%s is refused', (_what, path, reason) => {
  expect(readTextFile(path(), 100)).toMatchObject({ ok: false, reason });
});
