/**
 * The MFA-rule kind's plan: per policy set the file names, the writes that give its table the file's rules
 * in the file's order (`mfa-rule-order.ts`), the unmanaged rules (listed, or deleted with prune), and the
 * refusals that protect administrators: a rule name that would clash with ISE's, a policy set ISE lacks, and
 * a Duo connection deleted, or left without the type a rule's service needs, while a rule on ISE would
 * still name it.
 */
import { RefusedError, UsageError } from '../errors';
import type { Change, UnmanagedObject } from '../model/plan';
import {
  type DesiredState,
  type LiveMfaPolicy,
  type LiveMfaRule,
  type LiveState,
  type MfaPolicy,
  type MfaRule,
  SERVICE_CONNECTION_TYPE,
} from '../model/state';
import { nameHeldSecret } from './held-secrets';
import {
  asAnsweredFor,
  DELETE_RULE_REASON,
  type MfaRuleChange,
  mfaRuleToWire,
  type RuleTarget,
  ruleKey,
} from './mfa-rule';
import { ruleCriticalReason, ruleFieldChanges } from './mfa-rule-diff';
import { planRuleOrder } from './mfa-rule-order';
import { nameReferences, resolveReferences } from './rule-condition';

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The file's rules with library names resolved to ids, and ISE's with references named as the file does. */
function comparable(policy: MfaPolicy, table: LiveMfaRule[], live: LiveState) {
  const prefix = `${policy.service}/`;
  const ids = live.libraryConditionIds;
  const names = new Map(
    Object.entries(ids)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, id]) => [id, k.slice(prefix.length)]),
  );
  const wants = policy.rules.map((r) => ({
    ...r,
    condition: resolveReferences(r.condition, (n) => ids[`${prefix}${n}`]),
  }));
  const haves = table.map((r) => {
    const want = policy.rules.find((w) => sameText(w.name, r.name));
    const have = want ? asAnsweredFor(r, want) : r;
    return { ...have, condition: nameReferences(r.condition, (id) => names.get(id)) };
  });
  return { wants, haves };
}

/** A name the file gives a rule that ISE holds as its Default rule: refused (validate refuses it too). */
function checkNames(policy: MfaPolicy, haves: LiveMfaRule[]): void {
  for (const want of policy.rules) {
    if (!haves.some((h) => h.default && sameText(h.name, want.name))) continue;
    throw new UsageError(
      `MFA rule "${want.name}" in ${policy.service} policy set "${policy.policySet}" has the name of ISE's Default rule, which ise-duo never changes`,
      'give the rule another name',
    );
  }
}

/**
 * ISE's rules under the file's names. Names are unique ignoring case, so a rule ISE holds as "LAB ADMINS"
 * is the file's "Lab admins", renamed on ISE (in the GUI, say): the same rule, whose name differs. It is
 * compared under the file's name, and the returned map (file's name -> ISE's) makes its name a difference
 * that a PUT by id puts right. Before, such a rename stopped plan and drift with an error (exit 1), so a
 * scheduled drift check reported a GUI edit as a failure instead of as drift.
 */
function underFileNames(policy: MfaPolicy, haves: LiveMfaRule[]) {
  const renamed = new Map<string, string>();
  const exact = new Set(haves.map((h) => h.name));
  const named = haves.map((h) => {
    if (h.default) return h;
    const want = policy.rules.find((w) => w.name !== h.name && sameText(w.name, h.name));
    if (!want || exact.has(want.name)) return h;
    renamed.set(want.name, h.name);
    return { ...h, name: want.name };
  });
  return { named, renamed };
}

function policyChanges(policy: MfaPolicy, live: LiveState, prune: boolean): KindOut {
  const policySetId = live.policySetIds[`${policy.service}/${policy.policySet}`];
  if (!policySetId) {
    throw new UsageError(
      `policy set "${policy.policySet}" (${policy.service}) does not exist on ISE`,
      'create it in ISE first, or name an existing one (ise-duo never creates policy sets)',
    );
  }
  const target: RuleTarget = { service: policy.service, policySet: policy.policySet, policySetId };
  const table =
    live.mfaPolicies.find((p) => p.service === policy.service && p.policySet === policy.policySet)?.rules ??
    [];
  const compared = comparable(policy, table, live);
  checkNames(policy, compared.haves);
  const { named: haves, renamed } = underFileNames(policy, compared.haves);
  const { wants } = compared;
  const key = (name: string) => ruleKey(policy.service, policy.policySet, name);
  const nameChange = (name: string) =>
    renamed.has(name) ? [{ field: 'name', before: renamed.get(name), after: name }] : [];
  const changes: MfaRuleChange[] = [];
  const differs = (w: MfaRule, h: LiveMfaRule) => renamed.has(w.name) || ruleFieldChanges(h, w).length > 0;
  for (const op of planRuleOrder(haves, wants, differs)) {
    const body = mfaRuleToWire(op.want, op.rank);
    if (op.op === 'create') {
      const fields = ruleFieldChanges(null, op.want);
      changes.push({
        kind: 'mfa-rule',
        action: 'create',
        name: key(op.want.name),
        fields,
        body,
        after: op.want,
        target,
        rank: op.rank,
      });
      continue;
    }
    const fields = [...nameChange(op.want.name), ...ruleFieldChanges(op.have, op.want)];
    const critical = ruleCriticalReason(op.want, fields);
    const moved = op.moved ? [{ field: 'rank', before: op.have.rank, after: op.rank }] : [];
    changes.push({
      kind: 'mfa-rule',
      action: fields.length ? 'update' : 'move',
      name: key(op.want.name),
      fields: [...fields, ...moved],
      ...(critical ? { critical } : {}),
      body,
      after: op.want,
      target,
      ruleId: op.have.id,
      rank: op.rank,
      fromRank: op.have.rank,
    });
  }
  const named = new Set(policy.rules.map((r) => r.name));
  const others = haves.filter((h) => !h.default && !named.has(h.name));
  if (!prune) return { changes, unmanaged: others.map((h) => ({ kind: 'mfa-rule', name: key(h.name) })) };
  for (const h of others) {
    changes.push({
      kind: 'mfa-rule',
      action: 'delete',
      name: key(h.name),
      fields: [],
      critical: DELETE_RULE_REASON,
      target,
      ruleId: h.id,
    });
  }
  return { changes, unmanaged: [] };
}

interface KindOut {
  changes: Change[];
  unmanaged: UnmanagedObject[];
}

/**
 * The Duo connection each rule on ISE names once the plan is applied (undefined: the plan deletes the rule):
 * the file's rules name what the file says; the unmanaged rules it keeps, Default rules and the rules of
 * policy sets the file does not name keep what ISE has.
 */
function connectionsAfterPlan(desired: DesiredState, live: LiveState, changes: Change[]) {
  const deleted = new Set(changes.filter((c) => c.action === 'delete').map((c) => c.name));
  const after = (p: LiveMfaPolicy, r: LiveMfaRule): string | undefined => {
    const wanted = desired.mfaPolicies
      .find((d) => d.service === p.service && d.policySet === p.policySet)
      ?.rules.find((w) => sameText(w.name, r.name));
    if (wanted) return wanted.connection;
    return deleted.has(ruleKey(p.service, p.policySet, r.name)) ? undefined : r.connection;
  };
  // A rule ISE answered with a host several connections share may name any of them: each counts, so no
  // plan deletes (or narrows) the one it names.
  return [...live.mfaPolicies, ...live.otherMfaPolicies].flatMap((p) =>
    p.rules.flatMap((r) => {
      const connection = after(p, r);
      const kept = connection !== undefined && connection === r.connection;
      return (kept && r.connectionCandidates ? r.connectionCandidates : [connection]).map((c) => ({
        service: p.service,
        connection: c,
        shown: `${p.service}/${p.policySet} "${r.name}"`,
        isDefault: r.default === true,
      }));
    }),
  );
}

/**
 * A plan deleting a Duo connection that a rule on ISE still names after the plan is refused: the file's
 * rules (managed), the unmanaged rules it keeps, Default rules, and the rules of other policy sets.
 */
function checkDeletedConnections(desired: DesiredState, live: LiveState, changes: Change[]): void {
  if (!desired.prune) return;
  const kept = new Set(desired.duoConnections.map((c) => c.name));
  // A connection whose name held a secret is never deleted (see held-secrets.ts).
  const doomed = new Set(
    live.duoConnections.map((c) => c.name).filter((n) => !kept.has(n) && !nameHeldSecret(n)),
  );
  if (doomed.size === 0) return;
  const naming = connectionsAfterPlan(desired, live, changes).filter(
    (r) => r.connection !== undefined && doomed.has(r.connection),
  );
  const blocking = naming.map((r) => `${r.shown} (${r.connection})`);
  const fromFile = desired.mfaPolicies.flatMap((p) =>
    p.rules
      .filter((r) => doomed.has(r.connection) && !table(live, p)?.rules.some((l) => l.name === r.name))
      .map((r) => `${p.service}/${p.policySet} "${r.name}" (${r.connection})`),
  );
  const names = [...blocking, ...fromFile];
  if (names.length === 0) return;
  // A file that turns MFA off can hold no rules, so the usual way out (repoint them in the same file) is
  // closed: say the two steps instead.
  const hint = desired.mfa.enabled
    ? `repoint or remove those rules in the same file (or on ISE, for policy sets the file does not name), or keep the connection${defaultRuleHint(naming)}`
    : 'turn MFA off in two steps: first apply a file with MFA on that removes those rules (their policy sets ' +
      `with \`rules: []\` and \`prune: true\`, or remove them on ISE), then this file${defaultRuleHint(naming)}`;
  throw new RefusedError(
    `the plan deletes Duo connection(s) ${[...doomed].map((n) => `"${n}"`).join(', ')}, which these MFA rules ` +
      `would still name: ${names.join(', ')}. Nothing was written.`,
    hint,
  );
}

/** A Default rule cannot be repointed from the file (ise-duo never changes one): say where it is done. */
const defaultRuleHint = (rules: Array<{ isDefault: boolean }>) =>
  rules.some((r) => r.isDefault)
    ? "; a Default rule is repointed in ISE's GUI only, since ise-duo never changes one"
    : '';

/**
 * The same protection for a connection that stays but loses the type a rule's service needs (TACACS for
 * device administration, VPN for network access): the rules on ISE that would still name it could no
 * longer use it, which locks administrators out or lets them in without Duo, as a deleted connection
 * would. The file's own rules are checked offline (`src/desired/rule-checks.ts`); this covers ISE's.
 */
function checkNarrowedConnections(desired: DesiredState, live: LiveState, changes: Change[]): void {
  const lost = new Map<string, Set<string>>();
  for (const want of desired.duoConnections) {
    const have = live.duoConnections.find((c) => c.name === want.name);
    const removed = have?.types.filter((t) => !want.types.includes(t)) ?? [];
    if (removed.length) lost.set(want.name, new Set(removed));
  }
  if (lost.size === 0) return;
  const blocking = connectionsAfterPlan(desired, live, changes).filter(
    (r) => r.connection !== undefined && lost.get(r.connection)?.has(SERVICE_CONNECTION_TYPE[r.service]),
  );
  if (blocking.length === 0) return;
  const list = blocking.map(
    (r) => `${r.shown} (${r.connection}, needs ${SERVICE_CONNECTION_TYPE[r.service]})`,
  );
  throw new RefusedError(
    `the plan removes a type from Duo connection(s) ${[...new Set(blocking.map((r) => `"${r.connection}"`))].join(', ')} ` +
      `that these MFA rules on ISE would still use it for: ${list.join(', ')}. Nothing was written.`,
    `keep the type, or repoint or remove those rules first (in the same file, or on ISE for policy sets the file does not name)${defaultRuleHint(blocking)}`,
  );
}

const table = (live: LiveState, p: MfaPolicy) =>
  live.mfaPolicies.find((t) => t.service === p.service && t.policySet === p.policySet);

/** Every MFA-rule change of the plan, policy set by policy set (in the file's sorted order). */
export function planMfaRules(desired: DesiredState, live: LiveState): KindOut {
  const changes: Change[] = [];
  const unmanaged: UnmanagedObject[] = [];
  for (const policy of desired.mfaPolicies) {
    const out = policyChanges(policy, live, desired.prune);
    changes.push(...out.changes);
    unmanaged.push(...out.unmanaged);
  }
  checkDeletedConnections(desired, live, changes);
  checkNarrowedConnections(desired, live, changes);
  return { changes, unmanaged };
}
