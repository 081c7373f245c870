/**
 * How a sync run shows its progress. On a terminal: one line on stderr, rewritten in place at each poll
 * (`corp-ad: Pending 3.0s  lab-ad: Success 2.1s`), so a long push is visibly alive. Elsewhere (CI, pipes):
 * a log line per status change, because rewritten lines make unreadable logs. The results table is the
 * caller's business (stdout for `sync`, stderr for `apply`, whose stdout may be JSON).
 */
import type { Logger } from 'pino';
import type { SyncProgress, SyncRunResult } from './run-syncs';

export function terminalProgress(write: (text: string) => void): SyncProgress {
  const latest = new Map<string, string>();
  let drawn = false;
  return {
    status(name, status, seconds) {
      latest.set(name, `${name}: ${status} ${seconds.toFixed(1)}s`);
      write(`\r\u001b[K${[...latest.values()].join('  ')}`);
      drawn = true;
    },
    done() {
      if (drawn) write('\n');
    },
  };
}

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

export function describeResult(r: SyncRunResult): string {
  const parts = [`${r.outcome} after ${r.seconds.toFixed(1)}s`];
  if (r.lastSync) parts.push(`lastSync ${r.lastSync}`);
  if (r.message) parts.push(r.message);
  return parts.join(', ');
}

export function resultLines(results: SyncRunResult[]): string {
  return results.map((r) => `identity sync "${r.name}": ${describeResult(r)}\n`).join('');
}
