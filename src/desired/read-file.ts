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
 * against 133-137 (the bench holds it to 150 MB). The read itself, and what it refuses, is
 * `src/files/read-text-file.ts`, shared with every other file a user names (caFile, saved plans, reports).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Issue } from '../errors';
import { readTextFile } from '../files/read-text-file';

/** 1 MiB: a real desired-state file is a few KiB; anything this big is a mistake or an attack. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; issue: Issue };

function fileIssue(file: string, message: string): ReadResult {
  return { ok: false, issue: { file, line: 0, column: 0, pointer: '', message, severity: 'error' } };
}

const tooLarge = (bytes: number) =>
  `the file has ${bytes} bytes; a desired-state file may have at most 1 MiB (${MAX_FILE_BYTES} bytes)`;

export async function readDesiredFile(path: string, file: string = path): Promise<ReadResult> {
  const read = readTextFile(path, MAX_FILE_BYTES);
  await nextTurn(); // see the top of this file: a fleet's targets take turns between read and parse
  if (read.ok) return read;
  switch (read.reason) {
    case 'folder':
      return fileIssue(file, 'is a folder, not a file; give the path of a .yaml file');
    case 'not-regular':
      return fileIssue(file, 'is not a regular file (a device, pipe or socket); give a .yaml file');
    case 'too-large':
      return fileIssue(file, tooLarge(read.bytes ?? MAX_FILE_BYTES + 1));
    case 'not-utf8': {
      if (read.message.includes('UTF-16'))
        return fileIssue(file, 'the file is UTF-16 text; save it as UTF-8');
      if (!read.at) {
        return fileIssue(
          file,
          'the file is not UTF-8 text (it looks binary); a desired-state file is YAML text',
        );
      }
      // Where the first byte that is not UTF-8 is: one stray byte in an otherwise good file is common.
      const message = 'the file is not UTF-8 text from here on (a byte that is not UTF-8); save it as UTF-8';
      const result = fileIssue(file, message) as { ok: false; issue: Issue };
      return { ok: false, issue: { ...result.issue, ...read.at } };
    }
    default:
      return fileIssue(file, read.message);
  }
}
