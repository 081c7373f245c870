/**
 * The typed results that commands produce and renderers consume: what an apply did, what drift found, what a
 * credential probe or a sync run said, and how each fleet target ended. They live in the model, below both
 * their producers (executor, commands, fleet, sync-runs) and `src/render/`, so that every rendering is fed
 * by data and no renderer reaches up into the layer that made the data, or parses text back.
 */
import type { ErrorParts } from '../errors';
import type { ExitCodeValue } from '../exit-codes';
import type { ChangeAction, ChangeSummary, Plan, ResourceKind, UnmanagedObject } from './plan';

export interface ChangeRef {
  kind: ResourceKind;
  action: ChangeAction;
  name: string;
}

export interface AppliedChange extends ChangeRef {
  /** Set when the write's own answer was lost or refused and a re-read showed it had taken effect. */
  confirmedByReread?: true;
  /**
   * With `confirmedByReread`: `another-writer` when ISE refused this run's write (so someone else made the
   * change meanwhile), `unknown` when the answer was lost or a 5xx (this run or another: ISE cannot tell),
   * `kept-while-off` when the plan enabled MFA and ISE already held the object, hidden while MFA was off.
   */
  madeBy?: 'another-writer' | 'unknown' | 'kept-while-off';
}

export interface FailedChange extends ChangeRef {
  error: string;
  explanation?: string;
  status?: number;
  requestId?: string;
  /**
   * The write may have taken effect on ISE: its answer was lost, and a re-read did not find it done, which
   * does not rule out a write still in flight landing after it.
   */
  outcomeUnknown?: true;
}

export interface ApplyResult {
  /** interrupted: the client's write gate closed (Ctrl-C, SIGTERM); nothing was sent after that. */
  status: 'applied' | 'failed' | 'nothing-to-do' | 'interrupted';
  applied: AppliedChange[];
  /** The first failed change in plan order. */
  failed?: FailedChange;
  /** Other changes of the same phase that were already sent and failed too (a parallel apply). */
  alsoFailed?: FailedChange[];
  /** Planned changes not attempted because an earlier one failed, or because the run was interrupted. */
  notApplied: ChangeRef[];
}

export interface ApplyReport {
  formatVersion: 1;
  target: string;
  plan: Plan;
  result: ApplyResult;
  /** Changes a fresh plan still shows after the apply; empty when ISE took everything. */
  remaining: string[];
  /** Why the convergence check could not run after changes were written (exit 5); absent otherwise. */
  notVerified?: string;
  /**
   * The identity sync runs the plan asked for (`plan.actions`), in its order, each as it ended: run, or
   * `NotStarted` with why (`--no-run-sync`, no consent, the apply stopped first). Absent when it asked for none.
   */
  syncRuns?: SyncRunResult[];
}

/** ISE's test of one connection's stored keys (`drift --probe-credentials`). */
export interface CredentialProbe {
  name: string;
  ok: boolean;
  /** ISE's answer (scrubbed of any secret by the client). */
  message: string;
}

/** A difference between ISE and the file: a plan change without the request body the executor would send. */
/** A change without its request body and desired object. */
export type DriftDifference = ChangeSummary;

export interface DriftReport {
  formatVersion: 1;
  target: string;
  desiredFile: string;
  inSync: boolean;
  /** Only with `--probe-credentials`: ISE's test of each connection's stored keys. */
  credentialProbes?: CredentialProbe[];
  /** What would have to change on ISE to match the file. */
  differences: DriftDifference[];
  unmanaged: UnmanagedObject[];
  notes: string[];
}

/** ISE's three end states of a sync run, or what ise-duo saw instead. */
export type SyncOutcome = 'Success' | 'Failed' | 'Cancelled' | 'TimedOut' | 'NotStarted' | 'Unknown';

export interface SyncRunResult {
  name: string;
  outcome: SyncOutcome;
  /** What went wrong (start refused, cancel failed, …); never a key. */
  message?: string;
  lastSync?: string;
  seconds: number;
  /**
   * apply only: the run did not end in Success and no later plan asks for it again (its sync was written by
   * this apply, `runSync: onChange`), so it is owed: `ise-duo sync <file> <name>` starts it.
   */
  owed?: true;
}

/** Where a sync run's progress goes while it runs: a terminal line, or log lines. */
export interface SyncProgress {
  /** A run's status as last polled. */
  status(name: string, status: string, seconds: number): void;
  done(results: SyncRunResult[]): void;
}

export type FleetCommand = 'plan' | 'apply' | 'drift';

export interface FleetTargetResult {
  file: string;
  target?: string;
  exitCode: ExitCodeValue;
  result: string;
  changes: number | null;
  /** Why the target failed, when its command threw. */
  error?: ErrorParts;
  report?: unknown;
  /** What the command printed for this target (text or markdown formats). */
  output: string;
}

/** Which part of a sharded fleet a report covers (`--shard K/N`), and how many targets all N hold. */
export interface FleetShard {
  index: number;
  count: number;
  of: number;
  /** Which fleet the parts were cut from (`fleetDigest`): every part of one fleet has the same. */
  fleet: string;
}

export interface FleetReport {
  formatVersion: 1;
  command: FleetCommand;
  exitCode: number;
  /** Present when the run was one shard of a fleet; absent on a whole fleet (or merged shards). */
  shard?: FleetShard;
  /** `error` is the rendered error text, as a person would read it. */
  targets: Array<Omit<FleetTargetResult, 'output' | 'error'> & { error?: string }>;
}
