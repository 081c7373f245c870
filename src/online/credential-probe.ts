/**
 * `drift --probe-credentials`: asks ISE to test the Duo keys it has stored for each connection the file
 * names and ISE has, and reports the connections whose keys Duo rejects (revoked, rotated in Duo but not in
 * ISE, wrong API host).
 *
 * It sends `POST …/mfa/testconnection/{name}` with an empty body, which makes ISE test its stored keys: no
 * key leaves this machine, and no configuration changes. The POST is sent through a client that is
 * read-only except for exactly this call (`allowConnectionTest`), so drift still cannot write anything.
 * The results are rendered by `src/render/credential-probes.ts`.
 */
import type { ConnectionTestResult, IseClient } from '../client/types';
import type { CredentialProbe } from '../model/reports';
import type { DesiredState, LiveState } from '../model/state';

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
