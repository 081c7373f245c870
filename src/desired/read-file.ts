/**
 * Reads a desired-state file as text, refusing anything that is not a small UTF-8 text file before the YAML
 * parser sees it. The size is checked on `fstat` (so a 10 GB file is never read) and again while reading
 * (the read is bounded, in case the file grows in between). Only regular files are read: a FIFO or a device
 * could block or never end. Every failure is returned as an `Issue` without a position, never thrown.
 *
 * The read stays asynchronous, on the callback API (fs/promises made a FileHandle and a chain of promises
 * per file). A synchronous read was cheaper still, but in a fleet it made every target's start one burst
 * (read, parse, client, first request) and raised the peak RSS of 1,000 targets at --parallelism 128 by
 * ~10 MB (median 190 vs 180 MB, 6 rounds A/B). The file is opened with O_NONBLOCK, so that opening a FIFO
 * cannot block (it is refused on its fstat, never read), and the type and size are taken with fstat on
 * the open descriptor, so they are those of the file actually read.
 */
import { close, constants, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
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
async function readBounded(fd: number, expectedBytes: number, limit: number): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.min(expectedBytes, limit) + 1);
  let filled = 0;
  for (;;) {
    const bytesRead = await readAt(fd, buffer, filled);
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

// The callback API, promisified: fs/promises makes a FileHandle per file and more promises per call.
const openFile = promisify(open);
const statFile = promisify(fstat);
const readInto = promisify(read);
const closeFile = promisify(close);
const readAt = async (fd: number, buffer: Buffer, at: number) =>
  (await readInto(fd, buffer, at, buffer.length - at, at)).bytesRead;

const IS_FOLDER = 'is a folder, not a file; give the path of a .yaml file';
/** Not defined on Windows, which has no FIFOs to block on. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The file's bytes, or the issue that stops the read. */
async function readBytes(path: string, file: string): Promise<Buffer | ReadResult> {
  try {
    const fd = await openFile(path, OPEN_FLAGS);
    try {
      const info = await statFile(fd);
      if (info.isDirectory()) return fileIssue(file, IS_FOLDER);
      if (!info.isFile())
        return fileIssue(file, 'is not a regular file (a device, pipe or socket); give a .yaml file');
      if (info.size > MAX_FILE_BYTES) return fileIssue(file, tooLarge(info.size));
      return await readBounded(fd, info.size, MAX_FILE_BYTES);
    } finally {
      await closeFile(fd); // inside the outer try: a failing close is an issue too, never a throw
    }
  } catch (err) {
    // Linux opens a folder for reading (and fstat then says what it is); other systems refuse the open.
    if ((err as NodeJS.ErrnoException | undefined)?.code === 'EISDIR') return fileIssue(file, IS_FOLDER);
    return fileIssue(file, describeOsError(err));
  }
}

export async function readDesiredFile(path: string, file: string = path): Promise<ReadResult> {
  const bytes = await readBytes(path, file);
  if (!Buffer.isBuffer(bytes)) return bytes;
  if (bytes.length > MAX_FILE_BYTES) return fileIssue(file, tooLarge(bytes.length));
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    return fileIssue(file, 'the file is not UTF-8 text (it looks binary); a desired-state file is YAML text');
  }
  return { ok: true, text };
}
