/**
 * A file's identity as last seen (device, inode, size, modification time), for caches of what was read
 * from it: an equal stamp means the same bytes, so a fleet's targets naming one file read it once. Undefined
 * when the file cannot be stat'ed (the caller reads it, and reports why not).
 */
import { statSync } from 'node:fs';

export function fileStamp(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}
