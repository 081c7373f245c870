/**
 * The Duo connection's pre-flight (`Preflight` in resource-spec.ts). A connection created, or updated with new
 * keys or a new API host, would otherwise show bad keys only when the next user fails MFA. So ISE tests its
 * candidate keys against Duo first (`POST …/mfa/testconnection/{name}`), with the keys as `{ $secret: ref }`
 * placeholders that the client fills in at send time: the plan never holds a value.
 */
import type { Preflight } from './resource-spec';

const KEY_FIELDS = /^(adminApi|authApi)\.|^apiHostName$/;

export const duoConnectionPreflight: Preflight<'duo-connection'> = {
  wanted: (c) =>
    c.action === 'create' ||
    (c.action === 'update' && c.fields.some((f) => f.sensitive || KEY_FIELDS.test(f.field))),
  async run(client, change) {
    if (change.action === 'delete') return undefined;
    const answer = await client.testDuoConnection(change.name, change.body.mfa?.accountConfigurations ?? {});
    if (answer.ok) return undefined;
    return `duo-connection "${change.name}"${answer.message ? ` (ISE: ${answer.message})` : ''}`;
  },
  refusal: 'Duo rejected the new keys of',
  unanswered: 'ISE could not test the new keys of',
  remedy: 'Fix the keys, or pass --skip-key-check to write them anyway.',
};
