/**
 * The simulated ISE without its network face: seed, object and policy stores (and state file), sync runs, request log, faults and
 * latency, with the control operations the `/_sim/` endpoints and `RunningSimulator` expose. Kept apart from
 * the listener so that everything a restart must reproduce is built in one place.
 */

import { UsageError } from '../errors';
import type { ControlTarget } from './control';
import { Directory } from './directory';
import { FaultRegistry } from './faults';
import { buildSnapshot } from './object-loader';
import { SimStore } from './object-store';
import { PolicyStore } from './policy-store';
import { RequestLog } from './request-log';
import { type LoadedSeed, loadSeed, seedObjectError, seedPolicy } from './seed';
import { readStateFile, writeStateFile } from './state-file';
import { SyncRunner } from './sync-job-runner';
import {
  DEFAULT_SEED_FILE,
  DEFAULT_SYNC_DELAY_MS,
  type FaultSpec,
  type SimSnapshot,
  type SimulatorOptions,
} from './types';

/** The state the seed describes: the start without a state file, and what reset restores. */
function seedSnapshot(options: SimulatorOptions, directory: Directory, loaded: LoadedSeed): SimSnapshot {
  const { seed } = loaded;
  return buildSnapshot(
    directory,
    {
      mfaEnabled: options.mfaEnabled ?? seed.mfaEnabled ?? false,
      connections: seed.duoConnections ?? [],
      syncs: seed.identitySyncs ?? [],
      ...seedPolicy(seed),
    },
    {
      connections: 'duoConnections',
      syncs: 'identitySyncs',
      policy: (service, list) => `${list}.${service}`,
    },
    (where, reason) => seedObjectError(loaded, where, reason),
  );
}

export class Simulation implements ControlTarget {
  readonly store: SimStore;
  readonly policy: PolicyStore;
  readonly runner: SyncRunner;
  readonly log = new RequestLog();
  readonly faults = new FaultRegistry();
  latencyMs = 0;
  stopped = false;
  readonly #initial: SimSnapshot;
  readonly #statePath: string | undefined;

  /** Throws a UsageError for a bad seed or a state file that cannot be read back. */
  constructor(options: SimulatorOptions) {
    const loaded = loadSeed(options.seed ?? DEFAULT_SEED_FILE);
    const directory = new Directory(loaded.seed);
    this.#initial = seedSnapshot(options, directory, loaded);
    this.#statePath = options.statePath;
    this.store = new SimStore(directory);
    this.policy = new PolicyStore(this.store);
    const stored = this.#statePath ? readStateFile(this.#statePath, directory, loaded.seed) : undefined;
    this.#load(stored ?? this.#initial);
    this.store.onChange = () => this.save();
    this.policy.onChange = () => this.save();
    this.#firstSave();
    this.runner = new SyncRunner(
      this.store,
      options.syncDelayMs ?? DEFAULT_SYNC_DELAY_MS,
      new Set(loaded.seed.failingSyncs ?? []),
    );
    this.runner.resume();
  }

  /** Writes the state file once at start, so an unwritable path fails now, as a usage error, not mid-test. */
  #firstSave(): void {
    try {
      this.save();
    } catch (err) {
      throw new UsageError(
        `Simulator state file ${this.#statePath}: cannot be written (${(err as Error).message})`,
      );
    }
  }

  #load(snapshot: SimSnapshot): void {
    this.store.load(snapshot);
    this.policy.load(snapshot);
  }

  /** Writes the state file (a no-op without one). */
  save(): void {
    if (this.#statePath) writeStateFile(this.#statePath, this.snapshot());
  }

  stop(): void {
    this.stopped = true;
    this.runner.stop();
    this.save();
  }

  requestLog = () => this.log.entries();
  clearLog = () => this.log.clear();
  setLatency = (ms: number) => {
    this.latencyMs = Math.max(0, ms);
  };
  addFault = (fault: FaultSpec) => this.faults.add(fault);
  listFaults = () => this.faults.list();
  clearFaults = () => this.faults.clear();
  snapshot = (): SimSnapshot => ({ ...this.store.snapshot(), ...this.policy.snapshot() });

  /** Back to the seed: objects, feature switch, sync runs, request log, faults and latency. */
  reset = () => {
    this.#load(this.#initial);
    this.save();
    this.runner.resume();
    this.log.clear();
    this.faults.clear();
    this.latencyMs = 0;
  };
}
