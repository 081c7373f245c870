/**
 * Reads a desired-state file as text, refusing anything that is not a small UTF-8 text file before the YAML
 * parser sees it. The size is checked on `fstat` (so a 10 GB file is never read) and again while reading
 * (the read is bounded, in case the file grows in between). Only regular files are read: a FIFO or a device
 * could block or never end. Every failure is returned as an `Issue` without a position, never thrown.
 *
 * The read is synchronous (open, fstat, read to EOF, close: a few system calls, tens of µs for a site file),
 * then the function yields one event-loop turn before the text goes on to the parser. The callback API sent
 * each of the five steps through libuv's thread pool and woke the main thread for each: about 0.4 ms of
 * CPU per file in a loop of loads (0.72-0.75 against 0.29-0.30 ms with the synchronous read, parse
 * included), and in a fleet of 1,000 at --parallelism 64 3,980-4,110 against 3,810-3,920 ms of CPU and
 * 3,470-3,732 against 3,352-3,423 ms of wall time (4 interleaved pairs). The yield keeps a fleet's start
 * from being one burst of reads and parses ahead of every target's first request: without it the same
 * fleet used 3,910-3,970 ms of CPU and 3,516-3,550 ms. At --parallelism 128 the peak RSS is 136-143 MB
 * against 133-137 (the bench holds it to 150 MB). The file is opened with O_NONBLOCK, so
 * that opening a FIFO cannot block (it is refused on its fstat, never read), and the type and size are
 * taken with fstat on the open descriptor, so they are those of the file actually read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Issue } from '../errors';

/** 1 MiB: a real desired-state file is a few KiB; anything this big is a mistake or an attack. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; issue: Issue };

function fileIssue(file: string, message: string): ReadResult {
  return { ok: false, issue: { file, line: 0, column: 0, pointer: '', message, severity: 'error' } };
}

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

const tooLarge = (bytes: number) =>
  `the file has ${bytes} bytes; a desired-state file may have at most 1 MiB (${MAX_FILE_BYTES} bytes)`;

/** Strict: invalid UTF-8 throws instead of becoming U+FFFD. Not streaming, so one decoder serves every file. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes strict UTF-8; `undefined` when the bytes are not UTF-8 text. */
function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const IS_FOLDER = 'is a folder, not a file; give the path of a .yaml file';
/** Not defined on Windows, which has no FIFOs to block on. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The file's bytes, or the issue that stops the read. */
function readBytes(path: string, file: string): Buffer | ReadResult {
  try {
    const fd = openSync(path, OPEN_FLAGS);
    try {
      const info = fstatSync(fd);
      if (info.isDirectory()) return fileIssue(file, IS_FOLDER);
      if (!info.isFile())
        return fileIssue(file, 'is not a regular file (a device, pipe or socket); give a .yaml file');
      if (info.size > MAX_FILE_BYTES) return fileIssue(file, tooLarge(info.size));
      return readBounded(fd, info.size, MAX_FILE_BYTES);
    } finally {
      closeSync(fd); // inside the outer try: a failing close is an issue too, never a throw
    }
  } catch (err) {
    // Linux opens a folder for reading (and fstat then says what it is); other systems refuse the open.
    if ((err as NodeJS.ErrnoException | undefined)?.code === 'EISDIR') return fileIssue(file, IS_FOLDER);
    return fileIssue(file, describeOsError(err));
  }
}

export async function readDesiredFile(path: string, file: string = path): Promise<ReadResult> {
  const bytes = readBytes(path, file);
  await nextTurn(); // see the top of this file: a fleet's targets take turns between read and parse
  if (!Buffer.isBuffer(bytes)) return bytes;
  if (bytes.length > MAX_FILE_BYTES) return fileIssue(file, tooLarge(bytes.length));
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    return fileIssue(file, 'the file is not UTF-8 text (it looks binary); a desired-state file is YAML text');
  }
  return { ok: true, text };
}
