/**
 * Sync progress where there is no terminal (CI, pipes): a log line per status change, because a line
 * rewritten in place (`src/render/sync-progress.ts`) makes unreadable logs.
 */
import type { Logger } from 'pino';
import type { SyncProgress } from '../model/reports';

export function loggedProgress(logger: Logger): SyncProgress {
  const last = new Map<string, string>();
  return {
    status(name, status, seconds) {
      if (last.get(name) === status) return;
      last.set(name, status);
      logger.info({ sync: name, status, seconds }, `identity sync "${name}": ${status}`);
    },
    done() {
      // The caller prints one result line per sync; logging them again would only repeat it.
    },
  };
}
