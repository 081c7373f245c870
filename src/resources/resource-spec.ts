/**
 * What a resource kind declares about itself: the one place a kind is described. The planner, the live
 * reader, the executor and the renderers iterate over the registered specs (`registry.ts`) and never name a
 * kind themselves, so adding a kind is a file here, its wire types, its client methods, its simulator routes
 * and a line in the registry (docs/design.md, "Resource kinds").
 *
 * A spec holds data and small functions over the model, the wire types and the client interface only: the
 * layers above (planner, executor, live) supply the machinery and call these hooks.
 */
import type { IseClient } from '../client/types';
import {
  type ActionOf,
  type Change,
  type ChangeOf,
  canonicalJson,
  type FieldChange,
  type PendingAction,
  type ResourceKind,
  type UnmanagedObject,
} from '../model/plan';
import type { ActiveDirectoryRef, CaseTwin, DesiredState, LiveState, PolicyService } from '../model/state';

export interface FieldSpec<T> {
  /** The model property compared. */
  key: keyof T & string;
  /** The name shown to users: the YAML key. */
  label: string;
  /** Values are keys or key fingerprints: shown as "(sensitive value changed)". */
  sensitive?: boolean;
  /** When set, changing this field is critical (it can lock administrators out): the reason. */
  critical?: string;
  /** Equality where a plain deep comparison would report a difference ISE does not mean (default: deep). */
  equals?: (live: T[keyof T], desired: T[keyof T]) => boolean;
  /**
   * The name shown when the field differs between two objects, where the objects say more than `label` can
   * (which of two keys held in one fingerprint differs); `label` names it everywhere else.
   */
  changedLabel?: (live: T, desired: T) => string;
}

/** What a re-read after a write found (`ResourceSpec.tookEffect`). */
export type Reread = 'as-planned' | 'absent' | 'other';

/** What the live reader is asked to read: the objects the file names (or 'all', for export). */
export interface ReadScope {
  /** Identity syncs to read in detail: names, or 'all'. */
  identitySyncs: string[] | 'all';
  /** Duo connections to read in detail: names, or 'all'. */
  duoConnections: string[] | 'all';
  /** Whether to list AD join points (needed to resolve names to directoryID and domain). */
  activeDirectories: boolean;
  /** The policy sets whose MFA tables to read (absent: none), or 'all' of both services (export). */
  mfaPolicies?: Array<{ service: PolicyService; policySet: string }> | 'all';
  /** The library conditions the file's rules name, resolved to ISE's ids by name. */
  libraryConditions?: Array<{ service: PolicyService; name: string }>;
  /** The file prunes: a live connection it does not name will be deleted, so rules naming it are looked for. */
  prune?: boolean;
  /**
   * The `types` the file gives each of its Duo connections: one that loses a type ISE's connection has is
   * looked for in rules too, as a deleted one is.
   */
  connectionTypes?: Record<string, readonly string[]>;
}

/** Whether a scope (names, or 'all') takes the object of this name. */
/** Whether a field holds the same on both sides: the field's own `equals`, else deep (canonical JSON). */
export function fieldEquals<T>(field: FieldSpec<T>, live: T[keyof T], desired: T[keyof T]): boolean {
  return field.equals ? field.equals(live, desired) : canonicalJson(live) === canonicalJson(desired);
}

export function inScope(scope: string[] | 'all', name: string): boolean {
  return scope === 'all' || scope.includes(name);
}

/**
 * One kind's part of a live read, in rounds that every kind runs together: `first` (the feature switch,
 * alone: it is the login test, see `src/client/login-gate.ts`, and decides whether the rest can be read),
 * then `lookups` beside `list` (lookups are reads outside the Duo API, such as policy sets, and also run
 * while MFA is off; lists only while it is on), then `detail`, then `last`. Each step writes its results
 * into the state it was given. A 403 from `list` means the feature is off: the reader then takes every list
 * as empty. Last, `fingerprints` is asked in registry order, so a plan's fingerprints come out in the same
 * order however the requests raced.
 */
export interface KindRead {
  first?(): Promise<void>;
  /** Reads ISE answers whatever the feature switch says (policy sets, library conditions). */
  lookups?(): Promise<void>;
  list?(): Promise<void>;
  detail?(): Promise<void>;
  /** After every detail: reads that depend on what the others found (rules naming a doomed connection). */
  last?(): Promise<void>;
  /** Hash of each object read, by `${kind}/${name}`, for refusing stale saved plans. */
  fingerprints?(): Record<string, string>;
}

/** A client read by method name and arguments, sent ahead of the reader that will ask for it (`src/live/prefetch.ts`). */
export interface ClientRead {
  method: {
    [K in keyof IseClient]-?: K extends `get${string}` | `list${string}` ? K : never;
  }[keyof IseClient];
  args?: string[];
}

/** A kind ISE keys by name in its URLs (identity syncs, Duo connections): where its objects are, how to read them. */
export interface NamedKind {
  /** The kind's list in the desired-state file, in DesiredState and in LiveState: one name in all three. */
  collection: 'identitySyncs' | 'duoConnections';
  list: ClientRead['method'];
  get: ClientRead['method'];
}

/**
 * A kind's part of the convergence check after an apply (`src/live/read-after-apply.ts`), which reads in one
 * round trip what the apply may have changed. The names the apply touched are known from its changes, so
 * their details need not wait for a list: `reads` are sent at once, before the reader asks for them.
 */
export interface AfterApplyRead {
  reads: ClientRead[];
  /** What the reader is asked of this kind instead of the plan's scope. */
  scope: Partial<ReadScope>;
  /** Puts into `after` what was not read again, from `before` (the state the applied plan was made from). */
  keep(after: LiveState, before: LiveState): void;
}

/**
 * A test through ISE, with no effect on its configuration, that some of a kind's changes must pass before
 * the apply writes them (Duo connections: their candidate keys, `duo-connection-preflight.ts`). The executor
 * runs it before the first write, or, when the plan opens the other endpoints (`opens`), right after that.
 * `apply --skip-key-check` turns it off.
 */
export interface Preflight<K extends ResourceKind> {
  /** Whether this change is tested. */
  wanted(change: ChangeOf<K>): boolean;
  /** The test: the object's part of the refusal when it failed, undefined when it passed; throws on no answer. */
  run(client: IseClient, change: ChangeOf<K>): Promise<string | undefined>;
  /** How the refusal starts, before the objects' parts: `Duo rejected the new keys of`. */
  refusal: string;
  /**
   * How a test that got no answer (ISE failing, the connection dropped) starts, before the objects' names:
   * `ISE could not test the new keys of`. That is no rejection, and the remedy is not to fix the keys.
   */
  unanswered: string;
  /** What to do about it, after "Nothing was written.". */
  remedy: string;
}

/** What a handler may use besides the client. */
export interface WriteContext {
  client: IseClient;
  /** ISE's AD join points, listed at most once per apply, when a sync body needs a directoryID. */
  activeDirectories(): Promise<Required<ActiveDirectoryRef>[]>;
}

/** One handler per action of the kind; the mapped type makes a missing one a compile error. */
export type KindHandlers<K extends ResourceKind> = {
  [A in ActionOf<K>]: (change: ChangeOf<K, A>, ctx: WriteContext) => Promise<void>;
};

/** A keyed kind's diff, before the kind dresses each entry as its own typed change. */
export interface KeyedDiff<T> {
  writes: Array<{ action: 'create' | 'update'; want: T; fields: FieldChange[]; critical?: string }>;
  deletes: Array<{ name: string; critical?: string }>;
  /** Live objects the file does not name, left alone (empty when pruning). */
  unmanaged: string[];
  /** Things to say of the match itself: a create beside a live object named alike but for case. */
  notes: string[];
}

/**
 * The planner's machinery, handed to each kind's `plan` (the planner implements it; the kind only calls it),
 * so the kind builds changes of its own type with no cast.
 */
export interface PlanTools {
  /** Field differences from `before` (live) to `after` (desired); either may be null. */
  diffFields<T>(fields: ReadonlyArray<FieldSpec<T>>, before: T | null, after: T | null): FieldChange[];
  /**
   * Match by natural key. Creates and updates, and deletes when pruning, each come sorted by key, so that a
   * reordered file (or a live list in another order) gives the same plan.
   */
  keyed<T>(
    spec: {
      kind: string;
      keyOf(obj: T): string;
      fields: ReadonlyArray<FieldSpec<T>>;
      label(name: string): string;
    },
    desired: T[],
    live: T[],
    rules: {
      prune: boolean;
      deleteReason?: string;
      /** What ISE answered for the file's names it lists only in another case (every kind's: `kind` picks). */
      caseTwins?: readonly CaseTwin[];
    },
  ): KeyedDiff<T>;
}

/** What one kind contributes to a plan. Changes come in the kind's intended order within its phase. */
export interface KindPlan {
  changes: Change[];
  unmanaged: UnmanagedObject[];
  /** Things the reader should know that are not changes. */
  notes?: string[];
}

/**
 * The client methods and ISE routes a kind depends on (`METHOD /api/v1/...`, with `{name}`-style segments
 * as examples). `test/unit/resources/registry.test.ts` fails if the client lacks a method or the simulator
 * does not route one of them, so a kind cannot be registered half-built.
 */
export interface KindApi {
  client: ReadonlyArray<Exclude<keyof IseClient, 'readOnly' | 'asReadOnly'>>;
  routes: readonly string[];
}

export interface ResourceSpec<K extends ResourceKind, T> {
  kind: K;
  api: KindApi;
  /** The natural key (the name ISE uses in the URL, or the rule name within its policy set). */
  keyOf(obj: T): string;
  /** Compared fields, in display order. Anything not listed is not compared. */
  fields: ReadonlyArray<FieldSpec<T>>;
  /** Wire fields ISE sets itself: ignored on read, never sent. */
  serverOwnedWireFields: readonly string[];
  /** Wire fields ISE may not return (masked or omitted): compared by fingerprint only. */
  writeOnlyWireFields: readonly string[];
  /** How output names one object of this kind: `identity-sync "corp-ad"`; `MFA` for the switch. */
  label(name: string): string;
  /** The subject of a plan line's title: `MFA feature` will be enabled, `identity-sync "x"` will be created. */
  title(name: string): string;
  /** Whether output lists a change's field diffs (the switch's one field says nothing its title does not). */
  showsFields: boolean;
  /** This kind's changes (normalization, toWire and critical rules live in the kind's file). */
  plan(desired: DesiredState, live: LiveState, tools: PlanTools): KindPlan;
  /**
   * For a kind keyed by name in ISE's URLs: its list of objects, and its list and read by name. The live
   * reader watches their answers for names that contradict each other (`src/live/suspect-answers.ts`), the
   * convergence check sends them again (`keyed-after-apply.ts`), and a case twin is pointed at in the file
   * by it (`src/pipeline/case-twin-check.ts`).
   */
  byName?: NamedKind;
  /**
   * What the kind asks to be done besides configuration once the plan's changes are applied, given them in
   * order (identity syncs: the sync runs their `runSync` policy calls for). Listed in the plan, so the
   * reader knows, and run by `apply` unless `--no-run-sync`.
   */
  actions?(desired: DesiredState, changes: readonly Change[]): PendingAction[];
  /** This kind's part of a live read (see KindRead). */
  read(client: IseClient, scope: ReadScope, state: LiveState): KindRead;
  /**
   * The kind's part of the convergence check after an apply, given the names of its objects the apply
   * created or updated and the plan's scope. Absent: the kind is read again as the plan read it.
   */
  afterApply?(touched: string[], scope: ReadScope, before: LiveState): AfterApplyRead;
  /** The test some of its changes must pass before they are written (see Preflight). */
  preflight?: Preflight<K>;
  /**
   * Whether this change opens the other kinds' endpoints (the feature switch's enable: while MFA is off ISE
   * answers 403 for everything else). A pre-flight runs after it, and a create after it may meet an object
   * ISE kept while they were closed.
   */
  opens?(change: ChangeOf<K>): boolean;
  /** Reads this change will need once the endpoints are open (a sync's join points), sent beside the pre-flight. */
  readsOnceOpen?(change: ChangeOf<K>): ClientRead[];
  handlers: KindHandlers<K>;
  /**
   * After an unknown outcome: whether ISE now holds what the change meant (`as-planned`), holds no such object
   * (`absent`), or holds it otherwise (`other`; for a delete, still there). Throws if the re-read fails.
   */
  tookEffect(client: IseClient, change: ChangeOf<K>): Promise<Reread>;
  /**
   * true: writes of different objects of this kind in one dependency phase do not depend on each other, so
   * the executor may send them at once (`apply --apply-parallelism`). Absent: they run one after another,
   * in plan order (e.g. rules of one policy set, whose ranks depend on each other).
   */
  independentWrites?: true;
}

/** The part of a spec that does not depend on its model type: what the registry's users see. */
export type RegisteredSpec<K extends ResourceKind> = Omit<ResourceSpec<K, unknown>, 'keyOf' | 'fields'>;

/** A registered spec of any kind. */
export type AnySpec = { [K in ResourceKind]: RegisteredSpec<K> }[ResourceKind];
