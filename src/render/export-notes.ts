/**
 * What `export` says on stderr beside the file it writes (stdout may be the file itself): objects it could
 * not read whole, parts of the file that need a hand edit, notes on what it left out, and a closing summary
 * of what it exported and which variables to set before planning.
 */
import type { LiveState } from '../model/state';
import { ruleCounts } from './export-rules';
import { formatIssue, type PositionedIssue } from './issues';

export const exportNotes = {
  readWarning: (message: string) =>
    `warning: ${message}; check those objects in ISE before relying on the exported file\n`,
  needsHandEdit: (problem: PositionedIssue) =>
    `warning: needs a hand edit before it validates: ${formatIssue(problem)}\n`,
  wrote: (output: string) => `Wrote ${output}. `,
  note: (note: string) => `note: ${note}\n`,
  /** What was exported (nothing is readable while MFA is off) and the variables the file references. */
  summary(live: LiveState, variables: readonly string[]): string {
    const on = live.mfa.enabled;
    const counts = `${on ? live.identitySyncs.length : 0} identity sync(s), ${on ? live.duoConnections.length : 0} Duo connection(s)`;
    const { rules, policySets } = ruleCounts(on ? live.mfaPolicies : []);
    const ruleText = rules ? `, ${rules} MFA rule(s) in ${policySets} policy set(s)` : '';
    // ISE answers 403 for every Duo object while the feature is off: "0" must not read as "ISE has none".
    const off = on
      ? ''
      : ' MFA is off on ISE, and while it is off ISE shows none of its Duo objects: any it keeps are not in this file (export again once MFA is on).';
    return `Exported ${counts}${ruleText}.${off} Set before planning: ${variables.join(', ')}.\n`;
  },
};
