/**
 * Before applying a saved plan: is it still the plan for this ISE, this file, this environment and this live
 * state, and does a fresh plan send exactly what it shows? Inputs are compared by fingerprint, so the refusal
 * names exactly what changed; the changes are compared key by key, so an edited (and re-hashed) plan is
 * refused too.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { RefusedError, StalePlanError, UsageError } from '../errors';
import type { Plan } from '../model/plan';
import { scrubText } from '../model/secret';
import { describeDifference, savedPlanDifference } from '../planner/compare-plans';

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
    throw new RefusedError(
      `the saved plan is for ${saved.target}, not ${target}; nothing was changed`,
      'apply it to the ISE it was made for, or make a new plan',
    );
  }
}

/**
 * Which of the desired side's inputs moved: the file's bytes (or another file was read: same name from
 * another folder), or the environment its references read (a rotated key). Plans made before inputs were
 * recorded fall back to the desired state's fingerprint.
 */
function desiredInputChanges(saved: Plan, fresh: Plan): string[] {
  const before = saved.inputs;
  const now = fresh.inputs;
  if (!before || !now) {
    return saved.desiredFingerprint === fresh.desiredFingerprint ? [] : [`desired file ${saved.desiredFile}`];
  }
  const changed: string[] = [];
  if (before.content !== now.content) {
    changed.push(
      before.path === now.path
        ? `desired file ${now.path} (its content)`
        : `desired file: another file was read (${now.path}; the plan was made from ${before.path})`,
    );
  }
  const names = [...new Set([...Object.keys(before.env), ...Object.keys(now.env)])].sort();
  const moved = names.filter((n) => before.env[n] !== now.env[n]);
  if (moved.length) {
    const what = moved.map((n) =>
      before.env[n] === undefined
        ? `${n} (newly read)`
        : now.env[n] === undefined
          ? `${n} (no longer read)`
          : `${n} (a different value, e.g. a rotated key)`,
    );
    changed.push(`the environment: ${what.join(', ')}`);
  }
  if (!changed.length && saved.desiredFingerprint !== fresh.desiredFingerprint) {
    changed.push(
      `the desired state read from ${now.path} (same file and variables: another ise-duo version?)`,
    );
  }
  return changed;
}

function liveChanges(saved: Plan, fresh: Plan): string[] {
  const changed: string[] = [];
  const keys = new Set([...Object.keys(saved.liveFingerprints), ...Object.keys(fresh.liveFingerprints)]);
  for (const key of [...keys].sort()) {
    const before = saved.liveFingerprints[key];
    const now = fresh.liveFingerprints[key];
    if (before === now) continue;
    if (before === undefined) changed.push(`${key} (appeared on ISE)`);
    else if (now === undefined) changed.push(`${key} (gone from ISE)`);
    else changed.push(`${key} (changed on ISE)`);
  }
  return changed;
}

/**
 * A saved plan may be applied only when a fresh plan, computed now, sends exactly what it shows. First the
 * recorded inputs (to say which one moved), then the changes themselves, key by key: a plan edited and
 * re-hashed has unchanged inputs but different changes, and is refused naming the first difference.
 * Every refusal is exit 3 with nothing written; the caller sends the fresh plan, never the saved one.
 * `secrets` (the run's key values and password) are scrubbed from the difference the refusal quotes.
 */
export function checkSavedPlan(saved: Plan, fresh: Plan, secrets: readonly string[] = []): void {
  checkPlanTarget(saved, fresh.target);
  const desired = desiredInputChanges(saved, fresh);
  // What ISE objects a plan fingerprints follows from its file (the policy sets it manages, say): with
  // another file, or the file edited, an object only one of them reads would show as gone from ISE or new
  // on it while ISE never changed. So ISE's side is compared only for the same file.
  const sameFile = !saved.inputs || !fresh.inputs || saved.inputs.content === fresh.inputs.content;
  const live = sameFile ? liveChanges(saved, fresh) : [];
  const changed = [...desired, ...live];
  if (changed.length) {
    throw new StalePlanError(
      `the saved plan is stale; since it was made, these changed: ${changed.join(', ')}. Nothing was changed.`,
      changed,
      'make a new plan and review it',
    );
  }
  const difference = savedPlanDifference(saved, fresh);
  if (difference) {
    // The saved side is whatever the file holds: an edit may have put a key there, which must not be quoted.
    const text = scrubText(describeDifference(difference), secrets);
    throw new StalePlanError(
      `the saved plan does not match a fresh plan from the same file, environment and ISE (was it edited?): ${text}. Nothing was changed.`,
      [text],
      'make a new plan and review it; apply --plan sends only what a fresh plan would',
    );
  }
}
