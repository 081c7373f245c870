/**
 * buildPlan: the whole diff, as a pure function of the desired state and the live state. It does no I/O,
 * reads no clock and no environment, and takes no logger, so the same inputs always give the same plan and
 * every rule can be tested with plain tables.
 *
 * It names no resource kind: each registered kind (`src/resources/registry.ts`) plans its own changes with
 * the machinery here (`planTools`), and the changes are put in dependency order.
 */
import {
  type Change,
  hashJson,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanInputs,
  signPlan,
  type UnmanagedObject,
} from '../model/plan';
import type { CaseTwin, DesiredState, LiveState } from '../model/state';
import { REGISTRY } from '../resources/registry';
import type { KeyedDiff, PlanTools } from '../resources/resource-spec';
import { criticalReason, diffFields } from './diff-fields';
import { orderChanges } from './order';

export interface PlanOptions {
  /** The ISE base URL, recorded in the plan so that it cannot be applied to another ISE. */
  target: string;
  /** The desired-state file as the user named it (recorded for `apply --plan`). */
  desiredFile: string;
  /** Fingerprints of the file and environment read, recorded for explaining a refused saved plan. */
  inputs?: PlanInputs;
  /**
   * While MFA is off, whether the file's AD names were checked through ISE's ERS API before this plan was
   * made (unknown ones stop the plan there), or the status ERS answered instead.
   */
  adNamesWhileMfaOff?: AdNamesWhileMfaOff;
}

export type AdNamesWhileMfaOff = { checkedThroughErs: true } | { ersStatus: number };

/** What the desired state amounts to, for telling whether a saved plan's file has changed since. */
export function desiredFingerprint(desired: DesiredState): string {
  const { mfa, identitySyncs, duoConnections, mfaPolicies, prune, runSync } = desired;
  return hashJson({ mfa, identitySyncs, duoConnections, mfaPolicies, prune, runSync });
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const planTools: PlanTools = {
  diffFields,
  keyed(spec, desired, live, rules) {
    const liveByKey = new Map(live.map((o) => [spec.keyOf(o), o]));
    const writes: KeyedDiff<(typeof desired)[number]>['writes'] = [];
    for (const want of desired) {
      const have = liveByKey.get(spec.keyOf(want)) ?? null;
      const fields = diffFields(spec.fields, have, want);
      if (have && fields.length === 0) continue;
      const critical = have ? criticalReason(spec.fields, fields) : undefined;
      writes.push({ action: have ? 'update' : 'create', want, fields, ...(critical ? { critical } : {}) });
    }
    writes.sort((a, b) => byKey(spec.keyOf(a.want), spec.keyOf(b.want)));
    const wanted = new Set(desired.map((o) => spec.keyOf(o)));
    const extra = live.map((o) => spec.keyOf(o)).filter((k) => !wanted.has(k));
    const notes = caseTwinNotes(
      writes.filter((w) => w.action === 'create').map((w) => spec.keyOf(w.want)),
      extra,
      spec.label,
      rules.prune,
      rules.caseTwins?.filter((t) => t.kind === spec.kind),
    );
    if (!rules.prune) return { writes, deletes: [], unmanaged: extra, notes };
    const deletes = extra
      .sort(byKey)
      .map((name) => ({ name, ...(rules.deleteReason ? { critical: rules.deleteReason } : {}) }));
    return { writes, deletes, unmanaged: [], notes };
  },
};

/**
 * A create beside a live object whose name differs only in case. Whether ISE compares connection and sync
 * names regardless of case is not documented, so the reader asks ISE for the file's spelling
 * (`src/resources/case-twins.ts`) and the note says what ISE answered: one that answers with the other
 * spelling refuses the create (the pipeline stops such a plan before any write, `case-twin-check.ts`; the
 * note is for callers of the planner alone), one that does not keeps both (or, pruning, deletes the old
 * spelling after creating the new one). Without a clear answer (a 5xx, a dropped connection, or a caller that
 * did not ask), both are said.
 */
function caseTwinNotes(
  created: string[],
  others: string[],
  label: (name: string) => string,
  prune: boolean,
  answers: readonly CaseTwin[] = [],
): string[] {
  const byFolded = new Map(others.map((name) => [name.toLowerCase(), name]));
  return created.flatMap((name) => {
    const twin = byFolded.get(name.toLowerCase());
    if (twin === undefined) return [];
    const beside = `${label(name)} is created beside "${twin}", which ISE holds under the same name in another case`;
    const keep = `To manage the existing one, write its name as ISE spells it: "${twin}".`;
    const apart = prune ? `creates it, then deletes "${twin}"` : 'keeps both';
    const answer = answers.find((t) => t.name === name && t.twin === twin);
    if (answer?.iseMatches === true)
      return [
        `${beside}: ISE answered a read of "${name}" with "${twin}", so it compares names regardless of case ` +
          `and will refuse the create. ${keep}`,
      ];
    if (answer?.iseMatches === false)
      return [
        `${beside}: ISE answered a read of "${name}" with not found, so it keeps the two apart, and the apply ` +
          `${apart}. ${keep}`,
      ];
    return [
      `${beside}: an ISE that compares names regardless of case refuses the create (the apply stops there, ` +
        `exit 5), and one that does not ${apart}. ${keep}`,
    ];
  });
}

/**
 * What a plan made while MFA is off cannot know, said in the plan, since apply switches MFA on first: ISE
 * answers 403 for every Duo object then (whether it keeps them is undocumented; apply reports those it
 * finds), and Duo's lookups list no AD join point. The file's join points and groups were checked through
 * ERS where it answered; where it did not, ISE itself checks them when apply creates the syncs.
 */
function mfaOffNotes(desired: DesiredState, adNames: AdNamesWhileMfaOff | undefined): string[] {
  const kinds =
    desired.mfaPolicies.length > 0
      ? 'identity syncs, Duo connections and MFA rules'
      : 'identity syncs and Duo connections';
  const notes = [`MFA is off on ISE, so its ${kinds} could not be read; none are assumed.`];
  if (desired.identitySyncs.length === 0) return notes;
  if (adNames && 'checkedThroughErs' in adNames) {
    notes.push(
      "The AD join points and groups the file names were checked through ISE's ERS API, and ISE has them.",
    );
  } else {
    const ers = adNames ? `, and ISE's ERS API answered ${adNames.ersStatus}` : '';
    notes.push(
      `The AD join points and groups the file names could not be checked (Duo's lookups list none while MFA is ` +
        `off${ers}): one that ISE lacks fails the apply once MFA is switched on (exit 5, MFA left on), so check ` +
        'them in ISE first, or turn on ERS (read access is enough) for an account with an ERS role to have them checked.',
    );
  }
  return notes;
}

export function buildPlan(desired: DesiredState, live: LiveState, options: PlanOptions): Plan {
  const changes: Change[] = [];
  const unmanaged: UnmanagedObject[] = [];
  const notes: string[] = [];
  if (!live.mfa.enabled && desired.mfa.enabled)
    notes.push(...mfaOffNotes(desired, options.adNamesWhileMfaOff));
  const suspect = new Set((live.readWarnings ?? []).map((w) => w.kind));
  for (const spec of REGISTRY) {
    const kind = spec.plan(desired, live, planTools);
    for (const change of kind.changes) {
      // ISE's answers about this kind's names contradict each other: never delete on such evidence.
      if (change.action === 'delete' && suspect.has(change.kind)) {
        unmanaged.push({ kind: change.kind, name: change.name } as UnmanagedObject);
      } else changes.push(change);
    }
    unmanaged.push(...kind.unmanaged);
    notes.push(...(kind.notes ?? []));
  }
  for (const w of live.readWarnings ?? []) {
    notes.push(
      `${w.message}: its answers about ${w.kind} names contradict each other, so nothing of that kind is pruned.`,
    );
  }
  const ordered = orderChanges(changes);
  return signPlan({
    formatVersion: PLAN_FORMAT_VERSION,
    target: options.target,
    desiredFile: options.desiredFile,
    desiredFingerprint: desiredFingerprint(desired),
    liveFingerprints: live.fingerprints,
    ...(options.inputs ? { inputs: options.inputs } : {}),
    changes: ordered,
    unmanaged,
    actions: REGISTRY.flatMap((spec) => spec.actions?.(desired, ordered) ?? []),
    notes,
  });
}
