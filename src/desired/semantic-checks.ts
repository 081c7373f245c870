/**
 * Rules the JSON Schema cannot express: unique names, references between objects, group sources that must
 * be listed join points, Duo objects while MFA is off, real calendar dates, and the shape of secret values
 * that come from the environment. The checks of MFA rules are in `rule-checks.ts`.
 *
 * They run on the resolved tree even when the schema found errors, so one run reports every problem. That
 * is why the code reads the tree through the defensive accessors below instead of trusting its types: an
 * entry with a wrong type is skipped here, the schema has already reported it.
 */
import { PLAIN_HTTP_HINT, plainHttpProblem } from '../model/ise-url';
import { error, type Finding, joinPointer, quoteValue, warning } from './findings';
import { ruleFindings } from './rule-checks';

type LineOf = (pointer: string) => number;

function records(value: unknown): Array<Record<string, unknown> | undefined> {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

/** Reports the second and later uses of each key. `keyAt(i)` is undefined for entries to skip. */
function duplicates(
  count: number,
  keyAt: (i: number) => string | undefined,
  pointerAt: (i: number) => string,
  message: (key: string, firstLine: number, at: number) => string,
  lineOf: LineOf,
): Finding[] {
  const first = new Map<string, number>();
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const key = keyAt(i);
    if (key === undefined) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else findings.push(error(pointerAt(i), message(key, lineOf(pointerAt(seen)), i)));
  }
  return findings;
}

function syncFindings(sync: Record<string, unknown>, pointer: string, lineOf: LineOf): Finding[] {
  const directories = Array.isArray(sync.activeDirectories) ? sync.activeDirectories.map(text) : [];
  const groups = records(sync.adGroups);
  const directoriesPointer = joinPointer(pointer, 'activeDirectories');
  const groupsPointer = joinPointer(pointer, 'adGroups');
  const findings = duplicates(
    directories.length,
    (i) => directories[i],
    (i) => joinPointer(directoriesPointer, i),
    (name, line) =>
      `"activeDirectories" lists ${quoteValue(name)} more than once (first at line ${line}); list each join point once`,
    lineOf,
  );
  const listed = [...new Set(directories.filter((d): d is string => d !== undefined))];
  groups.forEach((group, i) => {
    const source = text(group?.source);
    if (source === undefined || listed.length === 0 || listed.includes(source)) return;
    findings.push(
      error(
        joinPointer(joinPointer(groupsPointer, i), 'source'),
        `"source" ${quoteValue(source)} is not in this sync's "activeDirectories" (${listed.join(', ')}); ` +
          'add the join point there, or correct the source',
      ),
    );
  });
  const groupKey = (i: number) => {
    const [source, name] = [text(groups[i]?.source), text(groups[i]?.name)];
    return source === undefined || name === undefined ? undefined : JSON.stringify([source, name]);
  };
  findings.push(
    ...duplicates(
      groups.length,
      groupKey,
      (i) => joinPointer(groupsPointer, i),
      (key, line) => {
        const [source, name] = JSON.parse(key) as [string, string];
        return `AD group ${quoteValue(name)} from ${quoteValue(source)} is listed more than once (first at line ${line}); list each group once`;
      },
      lineOf,
    ),
  );
  return findings;
}

/** `2026-02-30T02:00:00` passes the pattern but is not a date. */
function scheduleDateFinding(sync: Record<string, unknown>, pointer: string): Finding[] {
  const schedule = records([sync.schedule])[0];
  const start = schedule?.start;
  const match = typeof start === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}$/.exec(start) : null;
  if (!match) return [];
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return [];
  return [
    error(`${pointer}/schedule/start`, `"start" ${quoteValue(String(start))} is not a real calendar date`),
  ];
}

function connectionFindings(connections: Array<Record<string, unknown> | undefined>, syncNames: string[]) {
  const findings: Finding[] = [];
  connections.forEach((connection, i) => {
    const target = text(connection?.identitySync);
    if (target === undefined || syncNames.includes(target)) return;
    const declared =
      syncNames.length > 0
        ? `declared: ${syncNames.join(', ')}`
        : 'no identity syncs are declared; add one under "identitySyncs"';
    findings.push(
      error(
        `/duoConnections/${i}/identitySync`,
        `"identitySync" ${quoteValue(target)} is not an identity sync in this file (${declared})`,
      ),
    );
  });
  return findings;
}

const MFA_OFF_REASON: Record<string, string> = {
  identitySyncs: 'ISE keeps no Duo objects with MFA off',
  duoConnections: 'ISE keeps no Duo objects with MFA off',
  mfaPolicies: 'ISE takes no MFA rules with MFA off, and their Duo connections cannot exist',
};

function mfaOffFindings(root: Record<string, unknown>): Finding[] {
  const mfa = records([root.mfa])[0];
  if (mfa?.enabled !== false) return [];
  return Object.keys(MFA_OFF_REASON)
    .filter((key) => Array.isArray(root[key]) && (root[key] as unknown[]).length > 0)
    .map((key) =>
      error(
        `/${key}`,
        `"${key}" must be empty while "mfa.enabled" is false (${MFA_OFF_REASON[key]}); ` +
          'set "enabled: true", or remove them',
      ),
    );
}

function unusedSyncWarnings(syncNames: Array<string | undefined>, usedNames: Set<string>): Finding[] {
  const findings: Finding[] = [];
  syncNames.forEach((name, i) => {
    if (name === undefined || usedNames.has(name)) return;
    findings.push(
      warning(
        `/identitySyncs/${i}/name`,
        `identity sync ${quoteValue(name)} is not used by any Duo connection; ` +
          'ISE pushes its users to Duo only through a connection that names it',
      ),
    );
  });
  return findings;
}

/** Every semantic finding for a resolved tree; `lineOf` gives line numbers for "also at line N". */
/**
 * The schema's pattern takes any 1-5 digit port; 0 and anything above 65535 then failed only when the plan
 * ran, without a position (and port 0 even tried to connect).
 */
function urlPortFindings(root: Record<string, unknown>): Finding[] {
  const url = text(records([root.ise])[0]?.url);
  const plain = url ? plainHttpOf(url) : undefined;
  if (plain) return [error('/ise/url', `"url" ${plain}; ${PLAIN_HTTP_HINT}`)];
  const port = url && /^https?:\/\/(?:[^/:[\]]+|\[[^\]]+\]):(\d+)\/?$/i.exec(url)?.[1];
  if (!port || (Number(port) >= 1 && Number(port) <= 65535)) return [];
  return [
    error(
      '/ise/url',
      `"url" has port ${port}, which is out of range: use a port from 1 to 65535, or none for 443`,
    ),
  ];
}

/** The plain-http refusal of a URL that parses (one that does not is the schema's to report). */
function plainHttpOf(url: string): string | undefined {
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(url)) return undefined; // a path: refused by the schema already
  try {
    return plainHttpProblem(new URL(url));
  } catch {
    return undefined;
  }
}

/** Names that differ only in case count as one: ISE's lists then contradict each other (see the live reader). */
const caseNote = (first: string, again: string) =>
  first === again ? '' : `, as ${quoteValue(first)}: names that differ only in case count as one`;

export function semanticFindings(tree: unknown, lineOf: LineOf): Finding[] {
  const root = records([tree])[0];
  if (!root) return [];
  const syncs = records(root.identitySyncs);
  const connections = records(root.duoConnections);
  const syncNames = syncs.map((s) => text(s?.name));
  const connectionNames = connections.map((c) => text(c?.name));
  const declaredSyncs = syncNames.filter((n): n is string => n !== undefined);
  const findings = [
    ...duplicates(
      syncs.length,
      (i) => syncNames[i]?.toLowerCase(),
      (i) => `/identitySyncs/${i}/name`,
      (key, line, i) =>
        `duplicate identity sync name ${quoteValue(syncNames[i]!)} (first at line ${line}` +
        `${caseNote(syncNames.find((n) => n?.toLowerCase() === key)!, syncNames[i]!)}); names must be unique`,
      lineOf,
    ),
    ...duplicates(
      connections.length,
      (i) => connectionNames[i]?.toLowerCase(),
      (i) => `/duoConnections/${i}/name`,
      (key, line, i) =>
        `duplicate Duo connection name ${quoteValue(connectionNames[i]!)} (first at line ${line}` +
        `${caseNote(connectionNames.find((n) => n?.toLowerCase() === key)!, connectionNames[i]!)}); names must be unique`,
      lineOf,
    ),
    ...urlPortFindings(root),
    ...connectionFindings(connections, declaredSyncs),
    ...mfaOffFindings(root),
    ...ruleFindings(root, records([root.mfa])[0]?.enabled !== false, lineOf),
  ];
  syncs.forEach((sync, i) => {
    if (sync)
      findings.push(
        ...syncFindings(sync, `/identitySyncs/${i}`, lineOf),
        ...scheduleDateFinding(sync, `/identitySyncs/${i}`),
      );
  });
  const used = new Set(
    connections.map((c) => text(c?.identitySync)).filter((n): n is string => n !== undefined),
  );
  if (records([root.mfa])[0]?.enabled !== false) findings.push(...unusedSyncWarnings(syncNames, used));
  return findings;
}
