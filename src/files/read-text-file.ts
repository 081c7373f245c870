/**
 * Reads a small text file the user named, refusing before the first byte anything that could block, never
 * end or exhaust memory: a FIFO, a device such as /dev/zero, a folder, or a file over `limit`. Opened with
 * O_NONBLOCK (opening a FIFO cannot block; it is refused on its fstat, never read); the type and size are
 * those fstat gives for the open descriptor, so of the file actually read, and the read is bounded again
 * in case the file grows meanwhile. Synchronous: a few system calls, tens of µs for a small file. Strict
 * UTF-8 (invalid bytes are refused, never turned into U+FFFD). Never throws: failures come back as reasons
 * worded to follow the file's name.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type TextFileResult =
  | { ok: true; text: string }
  | {
      ok: false;
      reason: 'folder' | 'not-regular' | 'too-large' | 'not-utf8' | 'os';
      message: string;
      /** For `too-large`: how many bytes the file has (at least). */
      bytes?: number;
      /** For `not-utf8`: where the first byte that is not UTF-8 is (1-based), unless the file is UTF-16. */
      at?: { line: number; column: number };
    };

/** Not defined on Windows, which has no FIFOs to block on. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function describeOsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the file: permission denied';
    case 'ENOTDIR':
      return 'file not found (a part of the path is not a folder)';
    case 'ELOOP':
      return 'cannot read the file: too many symbolic links';
    default:
      return `cannot read the file${code ? ` (${code})` : ''}`;
  }
}

/**
 * Reads at most `limit + 1` bytes, so an oversized file is detected without reading all of it. The buffer
 * starts at the size `fstat` gave (plus the one byte that shows growth) and doubles only if the file grew
 * since: a 3 KiB file costs a 3 KiB buffer, not a zero-filled 1 MiB one. Only bytes read are returned, so
 * the buffer needs no zero-filling.
 */
function readBounded(fd: number, expectedBytes: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(expectedBytes, limit) + 1);
  let filled = 0;
  for (;;) {
    const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    if (filled < buffer.length) continue;
    if (buffer.length > limit) break;
    const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
    buffer.copy(grown, 0, 0, filled);
    buffer = grown;
  }
  return buffer.subarray(0, filled);
}

/** Strict: invalid UTF-8 throws instead of becoming U+FFFD. Not streaming, so one decoder serves every file. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const tooLarge = (bytes: number, limit: number): TextFileResult => ({
  ok: false,
  reason: 'too-large',
  message: `the file has ${bytes} bytes, more than ${limit}`,
  bytes,
});

function readBytes(path: string, limit: number): Buffer | TextFileResult {
  try {
    const fd = openSync(path, OPEN_FLAGS);
    try {
      const info = fstatSync(fd);
      if (info.isDirectory()) return { ok: false, reason: 'folder', message: 'is a folder, not a file' };
      if (!info.isFile()) {
        return {
          ok: false,
          reason: 'not-regular',
          message: 'is not a regular file (a device, pipe or socket)',
        };
      }
      if (info.size > limit) return tooLarge(info.size, limit);
      return readBounded(fd, info.size, limit);
    } finally {
      closeSync(fd); // inside the outer try: a failing close is a failure too, never a throw
    }
  } catch (err) {
    // Linux opens a folder for reading (and fstat then says what it is); other systems refuse the open.
    if ((err as NodeJS.ErrnoException | undefined)?.code === 'EISDIR') {
      return { ok: false, reason: 'folder', message: 'is a folder, not a file' };
    }
    return { ok: false, reason: 'os', message: describeOsError(err) };
  }
}

export function readTextFile(path: string, limit: number): TextFileResult {
  const bytes = readBytes(path, limit);
  if (!Buffer.isBuffer(bytes)) return bytes;
  if (bytes.length > limit) return tooLarge(bytes.length, limit);
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return notUtf8(bytes);
  }
}

/** What is wrong with bytes that are not UTF-8: UTF-16 (saved by some Windows editors), or where it breaks. */
function notUtf8(bytes: Buffer): TextFileResult {
  // A UTF-16 byte-order mark, then an ASCII character in that encoding (text files start with one):
  // binary bytes that merely begin like a mark stay "binary".
  const ascii = (b: number | undefined) =>
    b !== undefined && (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  const le = bytes[0] === 0xff && bytes[1] === 0xfe && ascii(bytes[2]) && bytes[3] === 0;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff && bytes[2] === 0 && ascii(bytes[3]);
  if (le || be) {
    return { ok: false, reason: 'not-utf8', message: 'is UTF-16 text; save it as UTF-8' };
  }
  // Decoded leniently, the first byte that is not UTF-8 becomes the first U+FFFD.
  const lenient = bytes.toString('utf8');
  const bad = lenient.indexOf('\ufffd');
  const before = lenient.slice(0, Math.max(0, bad));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return {
    ok: false,
    reason: 'not-utf8',
    message: 'is not UTF-8 text (it looks binary)',
    ...(bad >= 0 ? { at: { line, column } } : {}),
  };
}
