/**
 * The second step plan, apply and drift share: read live state with the read-only client, check the AD names,
 * policy sets and library conditions the plan would use, and build the plan. Returns data; the commands
 * render it.
 */
import type { IseClient } from '../client/types';
import { ConfigError } from '../errors';
import { type AppliedRef, readAfterApply } from '../live/read-after-apply';
import { readLiveState, scopeFor } from '../live/read-live-state';
import type { Plan } from '../model/plan';
import type { LiveState } from '../model/state';
import { clientCatalogue, ersCatalogue } from '../online/catalogue';
import { hideHeldSecrets } from '../online/hide-held';
import { checkNamesOnline, type KnownGroup, type NameCatalogue, namesAllKnown } from '../online/name-check';
import { checkRuleNamesOnline, ruleNamesAllKnown } from '../online/rule-name-check';
import { type AdNamesWhileMfaOff, buildPlan } from '../planner/build-plan';
import { refuseCaseFoldedCreates } from './case-twin-check';
import type { PreparedTarget } from './prepare-target';

/** Refuses the plan, placing each name ISE does not know in the file, when there is one. */
async function refuseUnknownNames(
  prepared: PreparedTarget,
  catalogue: NameCatalogue,
  knownGroup: KnownGroup = () => false,
): Promise<void> {
  if (await namesAllKnown(prepared.desired.identitySyncs, catalogue, knownGroup)) return;
  // Something is unknown: read the file again only now, to place each name at its line and column.
  const issues = await checkNamesOnline(
    prepared.desired.file,
    prepared.file,
    prepared.env,
    catalogue,
    knownGroup,
  );
  if (issues.length) throw new ConfigError(await hideHeldSecrets(issues, prepared.reader));
}

/**
 * While MFA is off Duo's lookups answer 403, and apply switches MFA on before it creates a sync: the names are
 * checked through ERS instead, so that a wrong one stops the plan before anything changes.
 */
async function checkNamesWhileOff(prepared: PreparedTarget): Promise<AdNamesWhileMfaOff> {
  const ers = await ersCatalogue(prepared.reader, prepared.desired.identitySyncs);
  if ('unavailable' in ers) return { ersStatus: ers.unavailable };
  await refuseUnknownNames(prepared, ers.catalogue);
  return { checkedThroughErs: true };
}

export async function readAndPlan(prepared: PreparedTarget): Promise<{ live: LiveState; plan: Plan }> {
  const live = await readLiveState(prepared.reader, scopeFor(prepared.desired));
  await refuseCaseFoldedCreates(prepared, live);
  const switchingOn = !live.mfa.enabled && prepared.desired.mfa.enabled;
  const adNamesWhileMfaOff =
    switchingOn && prepared.desired.identitySyncs.length > 0 ? await checkNamesWhileOff(prepared) : undefined;
  // AD join point and group names ISE does not know, positioned in the file: through Duo's lookups while MFA
  // is on (through ERS, above, while it is off).
  // Groups a live sync already holds exist on ISE: only groups the plan would add cost a request, so an
  // unchanged plan stays within its 3 + S + C (+1) GETs.
  const held = new Set(
    live.identitySyncs.flatMap((s) => s.adGroups.map((g) => `${s.name}\u0000${g.source}\u0000${g.name}`)),
  );
  const knownGroup: KnownGroup = (sync, source, group) => held.has(`${sync}\u0000${source}\u0000${group}`);
  if (live.objectsReadable) {
    await refuseUnknownNames(prepared, clientCatalogue(prepared.reader, live.activeDirectories), knownGroup);
  }
  // Policy sets and library conditions ISE does not know, placed the same way. The lookups are the reader's
  // (remembered by the client), so a plan whose names are all known sends no extra GET for them.
  const policies = prepared.desired.mfaPolicies;
  if (policies.length > 0 && !(await ruleNamesAllKnown(policies, prepared.reader))) {
    const issues = await checkRuleNamesOnline(
      prepared.desired.file,
      prepared.file,
      prepared.env,
      prepared.reader,
    );
    if (issues.length) throw new ConfigError(await hideHeldSecrets(issues, prepared.reader));
  }
  return { live, plan: planFor(prepared, live, adNamesWhileMfaOff) };
}

function planFor(prepared: PreparedTarget, live: LiveState, adNamesWhileMfaOff?: AdNamesWhileMfaOff): Plan {
  return buildPlan(prepared.desired, live, {
    target: prepared.target.url,
    desiredFile: prepared.file,
    inputs: prepared.inputs,
    ...(adNamesWhileMfaOff ? { adNamesWhileMfaOff } : {}),
  });
}

/**
 * The convergence check's plan: ISE re-read after `applied` (in one round trip, see
 * `src/live/read-after-apply.ts`) on top of `before`, the state the applied plan was made from. Names were
 * checked before the apply, so they are not checked again. Also returns `client` wrapped so that a sync
 * run's first status read is answered from this read (until the client's next write).
 */
export async function replanAfterApply(
  prepared: PreparedTarget,
  client: IseClient,
  before: LiveState,
  applied: AppliedRef[],
): Promise<{ plan: Plan; client: IseClient }> {
  const after = await readAfterApply(client, scopeFor(prepared.desired), before, applied);
  return { plan: planFor(prepared, after.live), client: after.client };
}
