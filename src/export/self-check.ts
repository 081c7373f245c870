/**
 * Runs the exported text through the desired-state loader, with stand-in values for its variables, before
 * it is written. Some live configurations cannot be expressed in the file format (a name with a character
 * the format does not allow, a description over 200 characters, a connection type ise-duo does not know);
 * the user is then told exactly where the file needs a hand edit, instead of finding out at the next plan.
 *
 * The stand-ins only have the right shape (a `DI…` ikey, a 40-character skey); they are never printed, and
 * the loader's messages name variables, never their values.
 */
import { parseDesiredState } from '../desired/load';
import type { Issue } from '../errors';
import type { ExportedFile } from '../render/export-file';

function standInEnv(file: ExportedFile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of file.variables) {
    if (name.endsWith('_IKEY')) env[name] = `DI${'0'.repeat(18)}`;
    else if (name.endsWith('_SKEY')) env[name] = 's'.repeat(40);
    // Each its own: a username that equals the password is refused as a secret in a printed field.
    else env[name] = `stand-in-${name.toLowerCase()}`;
  }
  return env;
}

/** Errors the loader would report for the exported file (warnings, such as an unused sync, are fine). */
export function exportProblems(file: ExportedFile, label: string): Issue[] {
  const result = parseDesiredState(file.text, label, standInEnv(file));
  return result.ok ? [] : result.issues.filter((i) => i.severity === 'error');
}
