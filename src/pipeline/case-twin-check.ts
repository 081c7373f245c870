/**
 * A plan that would create a sync or connection that ISE holds under the same name in another case stops
 * here, before any write, at the name's line and column. ISE answered a read of the file's spelling with
 * its own (`src/resources/case-twins.ts`), so it compares names regardless of case and would refuse the
 * create in the middle of the apply, after the writes before it (exit 5). The fix is the file's: write the
 * name as ISE spells it, and the plan manages the object ISE has.
 */
import { resolveEnvReferences } from '../desired/env-refs';
import { error } from '../desired/findings';
import { reparse } from '../desired/reparse';
import { toIssue } from '../desired/source-map';
import { ConfigError, type Issue } from '../errors';
import type { CaseTwin, LiveState } from '../model/state';
import { hideHeldSecrets } from '../online/hide-held';
import { specOf } from '../resources/registry';
import type { PreparedTarget } from './prepare-target';

const HINT = 'nothing was written: rename it in the file (and wherever the file names it), then plan again';

function messageOf(t: CaseTwin): string {
  return (
    `${specOf(t.kind).label(t.name)}: ISE holds it as "${t.twin}" and answered a read of "${t.name}" ` +
    `with it, so ISE compares these names regardless of case and would refuse the create; write the name as ` +
    `ISE spells it: "${t.twin}"`
  );
}

/** The pointer of the entry of `list` named `name` in the file as written ('' when it cannot be found). */
function pointerOf(tree: Record<string, unknown>, list: string, name: string): string {
  const entries = tree[list];
  if (!Array.isArray(entries)) return '';
  const i = entries.findIndex((e) => typeof e?.name === 'string' && e.name.trim() === name);
  return i < 0 ? '' : `/${list}/${i}/name`;
}

export async function refuseCaseFoldedCreates(prepared: PreparedTarget, live: LiveState): Promise<void> {
  const matched = (live.caseTwins ?? []).filter((t) => t.iseMatches);
  if (matched.length === 0) return;
  const again = await reparse(prepared.desired.file, prepared.file);
  const tree = again ? (resolveEnvReferences(again.value, prepared.env).tree as Record<string, unknown>) : {};
  const issues = matched.map((t): Issue => {
    const list = specOf(t.kind).byName?.collection;
    const finding = error(list ? pointerOf(tree, list, t.name) : '', messageOf(t));
    if (again) return toIssue(again.map, finding);
    return {
      file: prepared.file,
      line: 0,
      column: 0,
      pointer: '',
      message: finding.message,
      severity: 'error',
    };
  });
  throw new ConfigError(await hideHeldSecrets(issues, prepared.reader), HINT);
}
