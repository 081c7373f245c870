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

export function renderProbesText(probes: readonly CredentialProbe[] | undefined): string {
  if (!probes) return '';
  if (probes.length === 0) return 'Credential probes: no connection of the file is on ISE to test.\n';
  return `Credential probes (ISE tested its stored keys):\n${probes.map((p) => `  ${probeLine(p)}\n`).join('')}`;
}

export function renderProbesMarkdown(probes: readonly CredentialProbe[] | undefined): string {
  if (!probes) return '';
  const rejected = rejectedProbes(probes).length;
  const title = `\n#### Credential probes: ${rejected ? `${rejected} rejected` : 'all accepted'}\n\n`;
  return `${title}${probes.map((p) => `- ${p.ok ? '✅' : '❌'} ${probeLine(p)}\n`).join('') || '- none tested\n'}`;
}
