/**
 * Saved plans of a fleet run: `plan <folder> --out <dir>` saves each target's plan as `<dir>/<name>.plan.json`
 * (`site-a.yaml` → `site-a.plan.json`), and `apply <folder> --plan <dir>` applies each target's own saved
 * plan, each proven current by the stale check as a one-file `apply --plan` is. So the review-then-apply
 * workflow of one file holds for a fleet: what a pipeline's plan job saved and a reviewer read is exactly
 * what its apply job may write, target by target (Terragrunt's `run-all plan -out` and Atlantis keep one
 * plan file per project the same way).
 *
 * Everything here is checked before the first request: the folder exists, no two targets would share a plan
 * file, and, for apply, every target has its saved plan. A target whose plan fails leaves no plan file
 * behind, not even one of an earlier run: the folder then holds only plans this run made.
 */
import { rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors';
import { pathKind } from '../files/output-file';

export interface FleetTarget {
  file: string;
  /** The file's path relative to its folder argument (its name), or the argument itself. */
  relative: string;
}

const PLAN_SUFFIX = '.plan.json';
/** How many names an error lists before it says how many more there are. */
const LISTED = 5;

/** `site-a.yaml` → `site-a.plan.json`: by the file's name only, so a folder's plans sit side by side. */
export function savedPlanName(relative: string): string {
  return `${basename(relative).replace(/\.ya?ml$/i, '')}${PLAN_SUFFIX}`;
}

function listed(names: string[]): string {
  const more = names.length > LISTED ? ` and ${names.length - LISTED} more` : '';
  return names.slice(0, LISTED).join(', ') + more;
}

function checkFolder(flag: '--out' | '--plan', dir: string, cwd: string): void {
  const found = pathKind(resolve(cwd, dir));
  if (found === 'dir') return;
  const hints: Record<string, string> = {
    '--plan file': `one saved plan is applied to its own target: ise-duo apply --plan ${dir}`,
    '--plan none': `make the plans with: mkdir -p ${dir} && ise-duo plan <the same files or folder> --out ${dir}`,
    '--out file': 'give a folder to save the plans in, e.g. --out plans',
    '--out special': 'give a folder to save the plans in, e.g. --out plans',
    '--out none': `create it first: mkdir -p ${dir}`,
  };
  const hint = hints[`${flag} ${found}`];
  throw new UsageError(
    `${flag} ${dir}: a fleet run has one plan per target, so ${flag} names a folder, and ${dir} is not one`,
    hint,
  );
}

/**
 * Each target's saved plan path, as the user would write it (under `dir` as given). Refuses a folder that is
 * not one and two targets with one plan name: `targets` are all of the run's, every shard's, so that shards
 * saving into one folder cannot overwrite each other's plans either.
 */
function planPaths(
  flag: '--out' | '--plan',
  dir: string,
  targets: FleetTarget[],
  cwd: string,
): Map<string, string> {
  checkFolder(flag, dir, cwd);
  const paths = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const t of targets) {
    const name = savedPlanName(t.relative);
    const other = byName.get(name);
    if (other !== undefined) {
      throw new UsageError(
        `${other} and ${t.file} would both save their plan as ${join(dir, name)}`,
        'give the files different names, or plan them in separate runs with different --out folders',
      );
    }
    byName.set(name, t.file);
    paths.set(t.file, join(dir, name));
  }
  return paths;
}

/** `plan <fleet> --out <dir>`: where each target saves its plan. */
export function plansToSave(dir: string, all: FleetTarget[], cwd: string): Map<string, string> {
  return planPaths('--out', dir, all, cwd);
}

/**
 * `apply <fleet> --plan <dir>`: each target's saved plan. Every target needs one: a fleet apply writes
 * nothing when one of its targets was never planned (or its plan failed), as it writes nothing when one
 * target's file is invalid.
 */
export function plansToApply(
  dir: string,
  all: FleetTarget[],
  selected: FleetTarget[],
  cwd: string,
): Map<string, string> {
  const again = `make them with: ise-duo plan <the same files or folder> --out ${dir}`;
  const paths = planPaths('--plan', dir, all, cwd);
  const missing = selected
    .filter((t) => pathKind(resolve(cwd, paths.get(t.file)!)) !== 'file')
    .map((t) => t.file);
  if (missing.length > 0) {
    throw new UsageError(
      `no write was sent: ${missing.length} of ${selected.length} target(s) have no saved plan in ${dir} (${listed(missing)})`,
      again,
    );
  }
  return paths;
}

/** Removes a plan file an earlier run left at `path`, when this run's plan of the target failed. */
export function forgetSavedPlan(path: string, cwd: string): void {
  rmSync(resolve(cwd, path), { force: true });
}
