/**
 * Reads a desired-state file as text, refusing anything that is not a small UTF-8 text file before the YAML
 * parser sees it. The size is checked on `stat` (so a 10 GB file is never read) and again while reading
 * (the read is bounded, in case the file grows in between). Only regular files are read: a FIFO or a device
 * could block or never end. Every failure is returned as an `Issue` without a position, never thrown.
 */
import { open, stat } from 'node:fs/promises';
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
 * starts at the size `stat` gave (plus the one byte that shows growth) and doubles only if the file grew
 * since: a 3 KiB file costs a 3 KiB buffer, not a zero-filled 1 MiB one. Only bytes read are returned, so
 * the buffer needs no zero-filling.
 */
async function readBounded(path: string, expectedBytes: number, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(Math.min(expectedBytes, limit) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled < buffer.length) continue;
      if (buffer.length > limit) break;
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

const tooLarge = (bytes: number) =>
  `the file has ${bytes} bytes; a desired-state file may have at most 1 MiB (${MAX_FILE_BYTES} bytes)`;

/** Decodes strict UTF-8; `undefined` when the bytes are not UTF-8 text. */
function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

export async function readDesiredFile(path: string, file: string = path): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fileIssue(file, 'is a folder, not a file; give the path of a .yaml file');
    if (!info.isFile())
      return fileIssue(file, 'is not a regular file (a device, pipe or socket); give a .yaml file');
    if (info.size > MAX_FILE_BYTES) return fileIssue(file, tooLarge(info.size));
    bytes = await readBounded(path, info.size, MAX_FILE_BYTES);
  } catch (err) {
    return fileIssue(file, describeOsError(err));
  }
  if (bytes.length > MAX_FILE_BYTES) return fileIssue(file, tooLarge(bytes.length));
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    return fileIssue(file, 'the file is not UTF-8 text (it looks binary); a desired-state file is YAML text');
  }
  return { ok: true, text };
}
