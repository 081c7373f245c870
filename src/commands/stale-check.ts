/**
 * Before applying a saved plan: is it still the plan for this ISE, this file, and this live state? Each
 * live object the plan read is compared by fingerprint, so the refusal names exactly what changed.
 */
import { StalePlanError, UsageError } from '../errors';
import type { Plan } from '../model/plan';

export function checkSavedPlan(saved: Plan, fresh: Plan): void {
  if (saved.target !== fresh.target) {
    throw new UsageError(
      `the saved plan is for ${saved.target}, not ${fresh.target}`,
      'apply it to the ISE it was made for, or make a new plan',
    );
  }
  const changed: string[] = [];
  if (saved.desiredFingerprint !== fresh.desiredFingerprint)
    changed.push(`desired file ${saved.desiredFile}`);
  const keys = new Set([...Object.keys(saved.liveFingerprints), ...Object.keys(fresh.liveFingerprints)]);
  for (const key of [...keys].sort()) {
    const before = saved.liveFingerprints[key];
    const now = fresh.liveFingerprints[key];
    if (before === now) continue;
    if (before === undefined) changed.push(`${key} (appeared on ISE)`);
    else if (now === undefined) changed.push(`${key} (gone from ISE)`);
    else changed.push(`${key} (changed on ISE)`);
  }
  if (changed.length) {
    throw new StalePlanError(
      `the saved plan is stale; since it was made, these changed: ${changed.join(', ')}. Make a new plan.`,
      changed,
    );
  }
}
