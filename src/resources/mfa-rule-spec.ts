/**
 * The MFA-rule kind as the planner, reader and executor see it (the rule's wire translation is in
 * `mfa-rule.ts`, the order in `mfa-rule-order.ts`, the reader in `mfa-rule-read.ts`).
 *
 * Ownership: in a policy set the file names, the rules it names are managed and the others are unmanaged
 * (listed, left alone; `prune: true` deletes them, critically). Policy sets the file does not name are never
 * written, and read only to refuse a plan that would delete a Duo connection one of their rules names.
 * A Default rule is never created, moved or deleted, and the file may not take its name.
 */
import { printable } from '../model/printable';
import type { MfaRule } from '../model/state';
import { connectionFromSummary } from './duo-connection';
import { heldSecretNotes } from './held-secrets';
import { connectionsAnswered, mfaRuleFromWire, RULE_FIELDS, ruleKey, splitRuleKey } from './mfa-rule';
import { planMfaRules } from './mfa-rule-plan';
import { readMfaRules } from './mfa-rule-read';
import { fieldEquals, type ResourceSpec } from './resource-spec';
import { nameReferences } from './rule-condition';

/**
 * Whether ISE's rule holds what the file's does: references compared by id alone, each field as the plan
 * compares it (the condition by meaning).
 */
function sameRule(have: MfaRule, want: MfaRule): boolean {
  const ids = (r: MfaRule) => ({ ...r, condition: nameReferences(r.condition, () => '') });
  const [h, w] = [ids(have), ids(want)];
  return RULE_FIELDS.every((f) => fieldEquals(f, h[f.key], w[f.key]));
}

export const mfaRuleSpec: ResourceSpec<'mfa-rule', MfaRule> = {
  kind: 'mfa-rule',
  api: {
    client: [
      'listPolicySets',
      'listMfaRules',
      'createMfaRule',
      'updateMfaRule',
      'deleteMfaRule',
      'getLibraryCondition',
      // A re-read after a lost answer names the connection ISE answered by its host (`connectionsAnswered`).
      'listDuoConnections',
    ],
    routes: [
      'GET /api/v1/policy/device-admin/policy-set',
      'GET /api/v1/policy/network-access/policy-set',
      'GET /api/v1/policy/device-admin/policy-set/00000000-0000-4000-8000-000000000000/mfa',
      'POST /api/v1/policy/device-admin/policy-set/00000000-0000-4000-8000-000000000000/mfa',
      'PUT /api/v1/policy/network-access/policy-set/00000000-0000-4000-8000-000000000000/mfa/00000000-0000-4000-8000-000000000001',
      'DELETE /api/v1/policy/network-access/policy-set/00000000-0000-4000-8000-000000000000/mfa/00000000-0000-4000-8000-000000000001',
      'GET /api/v1/policy/device-admin/condition/condition-by-name/Business-Hours',
      'GET /api/v1/duo-mfa/mfa',
    ],
  },
  keyOf: (r) => r.name,
  fields: RULE_FIELDS,
  serverOwnedWireFields: [
    'link',
    'rule.id',
    'rule.hitCounts',
    'rule.default',
    'rule.condition.link',
    'rule.condition.id',
  ],
  writeOnlyWireFields: [],
  label: (key) => {
    const { service, policySet, name } = splitRuleKey(key);
    return `mfa-rule "${printable(name)}" (${printable(service)} policy set "${printable(policySet ?? '')}")`;
  },
  title: (key) => mfaRuleSpec.label(key),
  showsFields: true,
  plan: (desired, live) => ({
    ...planMfaRules(desired, live),
    notes: live.mfaPolicies.flatMap((p) =>
      heldSecretNotes(
        p.rules,
        (r) => mfaRuleSpec.label(ruleKey(p.service, p.policySet, r.name)),
        live.heldSecrets,
      ),
    ),
  }),
  read: readMfaRules,
  handlers: {
    create: async (c, { client }) => {
      await client.createMfaRule(c.target.service, c.target.policySetId, c.body);
    },
    update: (c, { client }) => client.updateMfaRule(c.target.service, c.target.policySetId, c.ruleId, c.body),
    move: (c, { client }) => client.updateMfaRule(c.target.service, c.target.policySetId, c.ruleId, c.body),
    delete: (c, { client }) => client.deleteMfaRule(c.target.service, c.target.policySetId, c.ruleId),
  },
  async tookEffect(client, change) {
    const rules = (await client.listMfaRules(change.target.service, change.target.policySetId)).map(
      mfaRuleFromWire,
    );
    if (change.action === 'delete') return rules.some((r) => r.id === change.ruleId) ? 'other' : 'as-planned';
    const { name } = splitRuleKey(change.name);
    const found =
      change.action === 'create'
        ? rules.find((r) => r.name === name)
        : rules.find((r) => r.id === change.ruleId);
    if (!found) return 'absent';
    // An ISE that answers a connection by its host name (open question 3) holds the planned one too, also
    // when several connections share that host.
    const answered = async () =>
      connectionsAnswered(found.connection, (await client.listDuoConnections()).map(connectionFromSummary));
    const named =
      found.connection === change.after.connection || (await answered()).includes(change.after.connection)
        ? { ...found, connection: change.after.connection }
        : found;
    return found.rank === change.rank && sameRule(named, change.after) ? 'as-planned' : 'other';
  },
};
