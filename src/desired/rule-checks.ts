/**
 * The offline checks of `mfaPolicies` that the JSON Schema cannot express: a rule's Duo connection is one of
 * this file and serves the rule's service (TACACS for device administration, VPN for network access), rule
 * names are unique within a policy set and none is ISE's `Default`, a policy set is listed once, and a rule
 * that fails open is called out.
 *
 * Like `semantic-checks.ts`, these run on the resolved tree even when the schema found errors, so they read
 * it defensively and skip what has the wrong type (the schema reports that). Whether the policy sets and
 * library conditions exist is for ISE to say: `src/online/` checks them.
 */
import { POLICY_SERVICES, type PolicyService, SERVICE_CONNECTION_TYPE } from '../model/state';
import { error, type Finding, joinPointer, quoteValue, warning } from './findings';

type LineOf = (pointer: string) => number;
type Entry = Record<string, unknown> | undefined;

const SERVICE_USE: Record<PolicyService, string> = {
  deviceAdmin: 'device administration',
  networkAccess: 'network access (VPN)',
};

function records(value: unknown): Entry[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

function serviceOf(policy: Entry): PolicyService | undefined {
  const service = policy?.service;
  return POLICY_SERVICES.find((s) => s === service);
}

interface DeclaredConnection {
  types: string[];
  pointer: string;
}

/** The file's Duo connections by name (the first of duplicates: those are reported elsewhere). */
function declaredConnections(root: Record<string, unknown>): Map<string, DeclaredConnection> {
  const declared = new Map<string, DeclaredConnection>();
  records(root.duoConnections).forEach((connection, i) => {
    const name = text(connection?.name);
    if (name === undefined || declared.has(name)) return;
    const types = Array.isArray(connection?.types)
      ? connection.types.filter((t) => typeof t === 'string')
      : [];
    declared.set(name, { types, pointer: `/duoConnections/${i}/types` });
  });
  return declared;
}

function connectionFinding(
  rule: Entry,
  pointer: string,
  service: PolicyService | undefined,
  declared: Map<string, DeclaredConnection>,
  lineOf: LineOf,
): Finding[] {
  const name = text(rule?.connection);
  if (name === undefined) return [];
  const at = joinPointer(pointer, 'connection');
  const connection = declared.get(name);
  if (!connection) {
    const known =
      declared.size > 0
        ? `declared: ${[...declared.keys()].join(', ')}`
        : 'no Duo connections are declared; add one under "duoConnections"';
    return [error(at, `"connection" ${quoteValue(name)} is not a Duo connection in this file (${known})`)];
  }
  if (service === undefined) return [];
  const needed = SERVICE_CONNECTION_TYPE[service];
  if (connection.types.includes(needed)) return [];
  const has = connection.types.length > 0 ? connection.types.join(', ') : 'none';
  return [
    error(
      at,
      `Duo connection ${quoteValue(name)} is not for ${SERVICE_USE[service]}: a ${service} rule needs ${needed} ` +
        `in the connection's "types" (it has ${has}); add ${needed} to "types" at line ` +
        `${lineOf(connection.pointer)}, or name a connection that has it`,
    ),
  ];
}

function failOpenWarning(rule: Entry, pointer: string): Finding[] {
  const action = text(rule?.onFailure);
  if (action?.toUpperCase() !== 'ACCEPT') return [];
  return [
    warning(
      joinPointer(pointer, 'onFailure'),
      '"onFailure: ACCEPT" fails open: when Duo cannot be reached or the second factor fails, ISE lets the ' +
        'user in anyway, so a Duo outage lets everyone in; write "onFailure: REJECT" unless that is intended',
    ),
  ];
}

/** Audit B of 2026-12-02: a rule that rejects whoever passes Duo locks out everyone it matches, silently. */
function rejectOnSuccessWarning(rule: Entry, pointer: string): Finding[] {
  if (text(rule?.onSuccess)?.toUpperCase() !== 'REJECT') return [];
  return [
    warning(
      joinPointer(pointer, 'onSuccess'),
      '"onSuccess: REJECT" locks out everyone the rule matches: ISE refuses the users who pass the second ' +
        'factor, and those who fail it under onFailure: REJECT; write "onSuccess: ACCEPT" unless that is intended',
    ),
  ];
}

/**
 * `Default` (in any case) is the name of the rule ISE keeps at the bottom of a table, which ise-duo never
 * creates, changes or deletes. Such a name passed validate and failed in the middle of an apply, after the
 * objects before it were written; and where ISE has no Default rule yet, it would create a rule that looks
 * like one.
 */
function reservedRuleName(rule: Entry, pointer: string): Finding[] {
  const name = text(rule?.name);
  if (name?.toLowerCase() !== 'default') return [];
  return [
    error(
      joinPointer(pointer, 'name'),
      `rule name ${quoteValue(name)} is the name of ISE's Default rule, which ise-duo never creates, changes ` +
        'or deletes; give the rule another name',
    ),
  ];
}

/** Rule names that differ only in case count as one: ISE may compare them so, and then refuses the second. */
function duplicateRuleNames(rules: Entry[], pointer: string, policyLabel: string, lineOf: LineOf): Finding[] {
  const first = new Map<string, { name: string; at: string }>();
  const findings: Finding[] = [];
  rules.forEach((rule, i) => {
    const name = text(rule?.name);
    if (name === undefined) return;
    const at = `${pointer}/rules/${i}/name`;
    const seen = first.get(name.toLowerCase());
    if (seen === undefined) {
      first.set(name.toLowerCase(), { name, at });
      return;
    }
    const caseNote =
      seen.name === name ? '' : `, as ${quoteValue(seen.name)}: names that differ only in case count as one`;
    findings.push(
      error(
        at,
        `duplicate rule name ${quoteValue(name)} in ${policyLabel} (first at line ${lineOf(seen.at)}${caseNote}); ` +
          'rule names must be unique within a policy set',
      ),
    );
  });
  return findings;
}

/** Every finding about `mfaPolicies`; `mfaOn` false skips the connection checks (the list is refused then). */
export function ruleFindings(root: Record<string, unknown>, mfaOn: boolean, lineOf: LineOf): Finding[] {
  const policies = records(root.mfaPolicies);
  const declared = declaredConnections(root);
  const findings: Finding[] = [];
  const firstPolicy = new Map<string, string>();
  policies.forEach((policy, i) => {
    const pointer = `/mfaPolicies/${i}`;
    const service = serviceOf(policy);
    const policySet = text(policy?.policySet);
    const label = policySet === undefined ? 'this policy set' : `policy set ${quoteValue(policySet)}`;
    if (service !== undefined && policySet !== undefined) {
      const key = JSON.stringify([service, policySet]);
      const seen = firstPolicy.get(key);
      if (seen === undefined) firstPolicy.set(key, `${pointer}/policySet`);
      else
        findings.push(
          error(
            `${pointer}/policySet`,
            `${service} ${label} is listed more than once (first at line ${lineOf(seen)}); ` +
              'put all its rules in one entry, in priority order',
          ),
        );
    }
    const rules = records(policy?.rules);
    findings.push(...duplicateRuleNames(rules, pointer, label, lineOf));
    rules.forEach((rule, j) => {
      const rulePointer = `${pointer}/rules/${j}`;
      if (mfaOn) findings.push(...connectionFinding(rule, rulePointer, service, declared, lineOf));
      findings.push(...reservedRuleName(rule, rulePointer));
      findings.push(...failOpenWarning(rule, rulePointer), ...rejectOnSuccessWarning(rule, rulePointer));
    });
  });
  return findings;
}
