/**
 * What every command receives from the CLI, and what it returns. Commands never call `process.exit` and never
 * write to the process streams directly: they write through `out`/`err` and return an exit code, so the same
 * function runs from the CLI, from the library API and in tests.
 */
import type { Logger } from 'pino';
import type { ExitCodeValue } from '../exit-codes';
import type { RunSecrets } from '../model/run-secrets';

export type OutputFormat = 'text' | 'json' | 'markdown';

export interface CommandContext {
  /** Report output (plans, reports, summaries). stdout in the CLI. */
  out: (text: string) => void;
  /** Human messages that are not the report (prompts, progress). stderr in the CLI. */
  err: (text: string) => void;
  logger: Logger;
  /** The environment that `${env:…}` references and ISE_* overrides read. */
  env: NodeJS.ProcessEnv;
  /** The folder relative paths are resolved against. */
  cwd: string;
  /** Whether stdout is a terminal: colour of the report (with NO_COLOR/FORCE_COLOR, src/color.ts). */
  isTTY: boolean;
  /** Whether stderr is a terminal: the sync progress line, rewritten in place, goes there. Absent: no. */
  errIsTTY?: boolean;
  /** Asks a yes/no question on a terminal. Absent when there is no terminal. */
  confirm?: (question: string) => Promise<boolean>;
  /**
   * Fires on the first Ctrl-C or SIGTERM: commands that start long server-side work cancel it, and the
   * writers' gate closes (no new write is sent; see `src/client/write-gate.ts`).
   */
  signal?: AbortSignal;
  /**
   * Registers last words for a forced exit (a second signal): `print` gets a synchronous writer to stderr
   * and says what was sent to ISE. Returns a function that unregisters it.
   */
  atForcedExit?: (print: (write: (text: string) => void) => void) => () => void;
  /**
   * The secret values the run has learnt so far (ISE_PASSWORD, then each loaded file's keys and password),
   * shared by a fleet's targets: what the CLI prints last (errors, a fleet's output) is scrubbed of them.
   */
  secrets?: RunSecrets;
}

/** One line about one target, for fleet summaries. */
export interface TargetSummary {
  /** The ISE base URL, when it was resolved. */
  target?: string;
  /** How many changes (plan, apply) or differences (drift); null when unknown (an error before planning). */
  changes: number | null;
  /** A word or two: `no changes`, `changes`, `applied`, `in sync`, `drift`. */
  result: string;
}

export interface CommandResult {
  exitCode: ExitCodeValue;
  /** Set by plan, apply and drift, for fleet summaries. */
  summary?: TargetSummary;
  /** The JSON report the command printed (with `--format json`), for the fleet report. */
  report?: unknown;
}
