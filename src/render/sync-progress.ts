/**
 * How a sync run looks on a terminal: one line on stderr, rewritten in place at each poll
 * (`corp-ad: Pending 3.0s  lab-ad: Success 2.1s`), so a long push is visibly alive; and one result line per
 * sync when they end. Elsewhere (CI, pipes) progress goes to log lines instead
 * (`src/sync-runs/logged-progress.ts`), because rewritten lines make unreadable logs.
 */
import type { SyncProgress, SyncRunResult } from '../model/reports';

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

export function describeResult(r: SyncRunResult): string {
  const parts = [`${r.outcome} after ${r.seconds.toFixed(1)}s`];
  if (r.lastSync) parts.push(`lastSync ${r.lastSync}`);
  if (r.message) parts.push(r.message);
  return parts.join(', ');
}

/**
 * After a signal: what became of the runs it interrupted. A cancel that failed (or never went out) leaves
 * a run that may still be going, and the line must not claim otherwise.
 */
export function interruptedLine(results: SyncRunResult[]): string {
  const cancelled = results.filter((r) => r.outcome === 'Cancelled').map((r) => `"${r.name}"`);
  const unsure = results.filter((r) => r.outcome === 'Unknown').map((r) => `"${r.name}"`);
  const parts = [
    ...(cancelled.length ? [`cancellation was requested for identity sync ${cancelled.join(', ')}`] : []),
    ...(unsure.length
      ? [`identity sync ${unsure.join(', ')} may still be running in ISE: check it there`]
      : []),
  ];
  return `Interrupted${parts.length ? `: ${parts.join('; ')}` : ''}.\n`;
}

/** What a second signal during `sync` leaves said: the report will not be printed. */
export function syncForcedExit(file: string, url: string, sent: readonly string[]): string {
  const head = `Forced exit (second interrupt) while running the identity syncs of ${file} on ${url}`;
  const calls = sent.length
    ? `. Sent to ISE:\n${sent.map((l) => `  ${l}\n`).join('')}`
    : ': nothing was sent to ISE.\n';
  return `${head}${calls}${sent.length ? 'The runs may still be going in ISE: check them there.\n' : ''}`;
}

export function resultLines(results: SyncRunResult[]): string {
  return results.map((r) => `identity sync "${r.name}": ${describeResult(r)}\n`).join('');
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The command that runs `names` by hand, each name quoted only where a shell would need it. */
const syncCommand = (names: readonly string[], file: string) =>
  `run ise-duo sync ${file} ${names.map((n) => (/^[\w.-]+$/.test(n) ? n : `"${n}"`)).join(' ')}`;

/** Why apply did not start a plan's pending sync runs, or that it is starting them (stderr lines). */
export const pendingSyncLines = {
  skipped: (names: readonly string[]) =>
    `Not started (--no-run-sync): identity sync ${quoted(names)}. Run them with: ise-duo sync <file>\n`,
  interrupted: (names: readonly string[]) => `Not started (interrupted): identity sync ${quoted(names)}.\n`,
  noConsent: (names: readonly string[]) =>
    `Not started: identity sync ${quoted(names)} (pass --yes to start them without a terminal).\n`,
  starting: (names: readonly string[]) => `Starting identity sync ${quoted(names)}.\n`,
  /** The apply stopped after writing a sync whose run it owed: no later plan sees the run as pending. */
  owed: (names: readonly string[], file: string) =>
    `Not started (the apply did not finish): identity sync ${quoted(names)}. A later apply will not start ` +
    `${names.length > 1 ? 'them' : 'it'}: once ISE matches the file, ${syncCommand(names, file)}\n`,
  /** The apply finished, then a signal stopped the runs it owed: started, then cancelled (or left, see above). */
  stoppedOwed: (names: readonly string[], file: string) =>
    `Stopped by the signal: the run of identity sync ${quoted(names)} (see above). A later apply will not ` +
    `start ${names.length > 1 ? 'them' : 'it'} again: ${syncCommand(names, file)}\n`,
  question: (names: readonly string[]) => `Start identity sync(s) ${quoted(names)} (pushes users to Duo)?`,
};
