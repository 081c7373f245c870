/**
 * `drift --probe-credentials` results: one line per connection whose stored keys ISE tested with Duo.
 */
import type { CredentialProbe } from '../model/reports';

export function rejectedProbes(probes: readonly CredentialProbe[] | undefined): CredentialProbe[] {
  return (probes ?? []).filter((p) => !p.ok);
}

function probeLine(p: CredentialProbe): string {
  const verdict = p.ok ? 'keys accepted by Duo' : 'keys REJECTED by Duo';
  return `duo-connection "${p.name}": ${verdict}${p.message ? ` (${p.message})` : ''}`;
}

/** Why no key was tested: while MFA is off, ISE's connections cannot be read (nor tested), which is not "none". */
const noneTested = (mfaOff: boolean) =>
  mfaOff
    ? 'MFA is off on ISE, so its Duo connections cannot be read or tested; no key was tested'
    : 'no connection of the file is on ISE to test';

export function renderProbesText(probes: readonly CredentialProbe[] | undefined, mfaOff = false): string {
  if (!probes) return '';
  if (probes.length === 0) return `Credential probes: ${noneTested(mfaOff)}.\n`;
  return `Credential probes (ISE tested its stored keys):\n${probes.map((p) => `  ${probeLine(p)}\n`).join('')}`;
}

export function renderProbesMarkdown(probes: readonly CredentialProbe[] | undefined, mfaOff = false): string {
  if (!probes) return '';
  const rejected = rejectedProbes(probes).length;
  const verdict = rejected ? `${rejected} rejected` : probes.length ? 'all accepted' : 'none tested';
  const title = `\n#### Credential probes: ${verdict}\n\n`;
  return `${title}${probes.map((p) => `- ${p.ok ? '✅' : '❌'} ${probeLine(p)}\n`).join('') || `- ${noneTested(mfaOff)}\n`}`;
}
