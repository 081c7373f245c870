/**
 * Ctrl-C and SIGTERM (a CI job's cancel). The first signal of either kind aborts the command's signal: the
 * writers' gate closes (no new write is sent, see `src/client/write-gate.ts`), sync runs are cancelled
 * through the API, and the command prints its report and exits 130 on its own. A second signal exits at
 * once with 130, after the registered last words say what was sent to ISE (the report will not come).
 */

import { ExitCode } from '../exit-codes';
import type { CommandContext } from '../runtime/context';

export interface Interruption {
  signal: AbortSignal;
  atForcedExit: NonNullable<CommandContext['atForcedExit']>;
}

type LastWords = Parameters<Interruption['atForcedExit']>[0];

export function interruption(): Interruption {
  const abort = new AbortController();
  const lastWords = new Set<LastWords>();
  // process.stderr is synchronous for files and pipes on Linux, so these lines are out before exit.
  const write = (text: string) => {
    process.stderr.write(text);
  };
  const onSignal = () => {
    if (!abort.signal.aborted) {
      abort.abort();
      return;
    }
    for (const words of lastWords) {
      try {
        words(write);
      } catch {
        // Last words must never keep the process from exiting.
      }
    }
    process.exit(ExitCode.INTERRUPTED);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    atForcedExit: (words) => {
      lastWords.add(words);
      return () => lastWords.delete(words);
    },
  };
}
