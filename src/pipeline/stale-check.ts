/**
 * Before applying a saved plan: is it still the plan for this ISE, this file, and this live state? Each
 * live object the plan read is compared by fingerprint, so the refusal names exactly what changed.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { StalePlanError, UsageError } from '../errors';
import type { Plan } from '../model/plan';

/**
 * `apply <file> --plan p.json` names two desired-state files when <file> and the plan's recorded file both
 * exist from here and are different files: refused before anything is read. A recorded path that does not
 * exist from here (a plan made in another folder) defers to <file>; the fingerprint check compares content.
 */
export function checkPlanFileArgument(saved: Plan, file: string | undefined, cwd: string): void {
  if (file === undefined) return;
  const real = (path: string) => {
    try {
      return realpathSync(resolve(cwd, path));
    } catch {
      return undefined;
    }
  };
  const given = real(file);
  const recorded = real(saved.desiredFile);
  if (given !== undefined && recorded !== undefined && given !== recorded) {
    throw new UsageError(
      `${file} is not the file the saved plan was made from (${saved.desiredFile})`,
      'give only --plan (it names its file), or make a new plan from this file',
    );
  }
}

/** A saved plan applies only to the ISE it was made for; checked before anything is read from ISE. */
export function checkPlanTarget(saved: Plan, target: string): void {
  if (saved.target !== target) {
    throw new UsageError(
      `the saved plan is for ${saved.target}, not ${target}`,
      'apply it to the ISE it was made for, or make a new plan',
    );
  }
}

export function checkSavedPlan(saved: Plan, fresh: Plan): void {
  checkPlanTarget(saved, fresh.target);
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
