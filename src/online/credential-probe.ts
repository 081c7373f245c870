/**
 * `drift --probe-credentials`: asks ISE to test the Duo keys it has stored for each connection the file
 * names and ISE has, and reports the connections whose keys Duo rejects (revoked, rotated in Duo but not in
 * ISE, wrong API host).
 *
 * It sends `POST …/mfa/testconnection/{name}` with an empty body, which makes ISE test its stored keys: no
 * key leaves this machine, and no configuration changes. The POST is sent through a client that is
 * read-only except for exactly this call (`allowConnectionTest`), so drift still cannot write anything.
 */
import type { ConnectionTestResult, IseClient } from '../client/types';
import type { DesiredState, LiveState } from '../model/state';

export interface CredentialProbe {
  name: string;
  ok: boolean;
  /** ISE's answer (scrubbed of any secret by the client). */
  message: string;
}

/** One probe per connection in both the file and ISE, in the file's (sorted) order. */
export async function probeCredentials(
  client: IseClient,
  desired: Pick<DesiredState, 'duoConnections'>,
  live: Pick<LiveState, 'duoConnections' | 'objectsReadable'>,
): Promise<CredentialProbe[]> {
  if (!live.objectsReadable) return [];
  const onIse = new Set(live.duoConnections.map((c) => c.name));
  const names = desired.duoConnections.map((c) => c.name).filter((n) => onIse.has(n));
  const answers: ConnectionTestResult[] = await Promise.all(names.map((n) => client.testDuoConnection(n)));
  return names.map((name, i) => ({ name, ok: answers[i].ok, message: answers[i].message }));
}

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
