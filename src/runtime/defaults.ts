/**
 * Defaults that more than one layer states: the flags' help text (src/cli.ts) shows them, and the code that
 * applies them (fleet runs, sync waits) falls back to them. One definition, so the two cannot disagree.
 */

/** Targets a fleet run works on at once (`--parallelism`). */
export const DEFAULT_PARALLELISM = 8;

/** How long `sync` (and apply's sync runs) wait for the runs to end (`--timeout`), in seconds. */
export const DEFAULT_SYNC_TIMEOUT_SECONDS = 600;

/** Time between sync status polls. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

/**
 * Independent changes of one dependency phase an apply sends at once (`--apply-parallelism`): a few, so a
 * large change set does not wait one round trip per object, without a burst an ISE node would notice.
 */
export const DEFAULT_APPLY_PARALLELISM = 4;

/** Requests `export` has in flight at once against one ISE (`--max-in-flight`). */
export const DEFAULT_MAX_IN_FLIGHT = 8;
