/**
 * The online name checks quote ISE's names (a did-you-mean, the list of what ISE has): a name that holds a
 * known secret (a key pasted into a group name on ISE, say) is hidden in them as the live reader hides it
 * in ISE's values (`src/live/held-secrets.ts`).
 */
import type { IseClient } from '../client/types';
import type { Issue } from '../errors';
import { heldSecrets } from '../model/secret-matcher';

export async function hideHeldSecrets(issues: Issue[], client: IseClient): Promise<Issue[]> {
  if (issues.length === 0) return issues;
  const known = ((await client.knownSecrets?.()) ?? []).map((s) => s.reveal());
  const { hide } = heldSecrets(known);
  return issues.map((issue) => ({ ...issue, message: hide(issue.message) }));
}
