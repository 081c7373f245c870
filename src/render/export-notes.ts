/**
 * What `export` says on stderr beside the file it writes (stdout may be the file itself): objects it could
 * not read whole, parts of the file that need a hand edit, notes on what it left out, and a closing summary
 * of what it exported and which variables to set before planning.
 */
import type { LiveState } from '../model/state';
import { formatIssue, type PositionedIssue } from './issues';

export const exportNotes = {
  readWarning: (message: string) =>
    `warning: ${message}; check those objects in ISE before relying on the exported file\n`,
  needsHandEdit: (problem: PositionedIssue) =>
    `warning: needs a hand edit before it validates: ${formatIssue(problem)}\n`,
  wrote: (output: string) => `Wrote ${output}. `,
  note: (note: string) => `note: ${note}\n`,
  /** `rules` and `policySets` count the MFA rules written; while MFA is off nothing else was readable. */
  summary(
    live: LiveState,
    rules: { rules: number; policySets: number },
    variables: readonly string[],
  ): string {
    const on = live.mfa.enabled;
    const counts = `${on ? live.identitySyncs.length : 0} identity sync(s), ${on ? live.duoConnections.length : 0} Duo connection(s)`;
    const ruleText = rules.rules ? `, ${rules.rules} MFA rule(s) in ${rules.policySets} policy set(s)` : '';
    return `Exported ${counts}${ruleText}. Set before planning: ${variables.join(', ')}.\n`;
  },
};
