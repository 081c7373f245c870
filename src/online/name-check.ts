/**
 * Checks the AD names a desired-state file uses against what ISE has: each identity sync's join points
 * (`GET activedirectories`) and each AD group (`GET adgroups/{directoryID}` of its join point). A name ISE
 * does not know becomes an error at the exact `file:line:col` of that name, with a did-you-mean.
 *
 * It works on the file as written, not on the normalized state: normalizing sorts and de-duplicates, which
 * would lose the positions. `${env:…}` references in names are resolved the way the loader resolves them.
 * It runs only on a file the loader accepted, so the shapes it walks are known to be right.
 */
import { firstEnvReference, resolveEnvReferences } from '../desired/env-refs';
import { error, type Finding } from '../desired/findings';
import { reparse } from '../desired/reparse';
import { valueAt } from '../desired/schema-errors';
import { toIssue } from '../desired/source-map';
import type { Issue } from '../errors';
import type { IdentitySync } from '../model/state';
import { didYouMean } from './did-you-mean';

export interface JoinPoint {
  name: string;
  directoryID: string;
}

/** What ISE knows; each call may be a request, so callers cache (see `clientCatalogue` in ./catalogue.ts). */
export interface NameCatalogue {
  joinPoints(): Promise<JoinPoint[]>;
  /** Group names of one join point. */
  groups(joinPoint: JoinPoint): Promise<string[]>;
}

interface SyncEntry {
  name?: string;
  activeDirectories?: string[];
  adGroups?: Array<{ source?: string; name?: string }>;
}

const listOf = (names: string[]) => names.map((n) => `"${n}"`).join(', ') || 'none';

function joinPointFindings(sync: SyncEntry, i: number, known: JoinPoint[]): Finding[] {
  const names = known.map((k) => k.name);
  return (sync.activeDirectories ?? []).flatMap((name, j) =>
    names.includes(name)
      ? []
      : [
          error(
            `/identitySyncs/${i}/activeDirectories/${j}`,
            `identity sync "${sync.name}": AD join point "${name}" is not on ISE${didYouMean(name, names)} ` +
              `(ISE has: ${listOf(names)})`,
          ),
        ],
  );
}

/** A group ISE is known to have already (a live sync holds it), so no request is needed to check it. */
export type KnownGroup = (sync: string, source: string, group: string) => boolean;

async function groupFindings(
  sync: SyncEntry,
  i: number,
  known: JoinPoint[],
  catalogue: NameCatalogue,
  knownGroup: KnownGroup,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [k, group] of (sync.adGroups ?? []).entries()) {
    const joinPoint = known.find((d) => d.name === group.source);
    if (!joinPoint || group.name === undefined) continue; // an unknown join point is reported once, above
    if (knownGroup(sync.name ?? '', joinPoint.name, group.name)) continue;
    const groups = await catalogue.groups(joinPoint);
    if (groups.includes(group.name)) continue;
    findings.push(
      error(
        `/identitySyncs/${i}/adGroups/${k}/name`,
        `identity sync "${sync.name}": AD group "${group.name}" is not a group of join point ` +
          `"${joinPoint.name}" on ISE${didYouMean(group.name, groups)}`,
      ),
    );
  }
  return findings;
}

/** The findings for a list of syncs, in file order. */
async function findingsFor(
  syncs: SyncEntry[],
  catalogue: NameCatalogue,
  knownGroup: KnownGroup,
): Promise<Finding[]> {
  if (syncs.length === 0) return [];
  const known = await catalogue.joinPoints();
  const findings: Finding[] = [];
  for (const [i, sync] of syncs.entries()) {
    findings.push(
      ...joinPointFindings(sync, i, known),
      ...(await groupFindings(sync, i, known, catalogue, knownGroup)),
    );
  }
  return findings;
}

/**
 * Whether ISE knows every join point and group the loaded (normalized) syncs name. Needs no file I/O, so
 * `plan` reads and parses the file a second time only when there is something to place in it.
 */
export async function namesAllKnown(
  syncs: IdentitySync[],
  catalogue: NameCatalogue,
  knownGroup: KnownGroup,
): Promise<boolean> {
  const entries = syncs.map((s) => ({
    name: s.name,
    activeDirectories: s.activeDirectories.map((d) => d.name),
    adGroups: s.adGroups,
  }));
  return (await findingsFor(entries, catalogue, knownGroup)).length === 0;
}

/**
 * Positioned issues for every unknown join point and group in `path` (labelled `label` in the issues).
 * Returns [] when the file cannot be parsed: the loader has already reported that.
 */
export async function checkNamesOnline(
  path: string,
  label: string,
  env: NodeJS.ProcessEnv,
  catalogue: NameCatalogue,
  knownGroup: KnownGroup = () => false,
): Promise<Issue[]> {
  const again = await reparse(path, label);
  if (!again) return [];
  const tree = resolveEnvReferences(again.value, env).tree as { identitySyncs?: SyncEntry[] };
  const findings = await findingsFor(tree.identitySyncs ?? [], catalogue, knownGroup);
  return findings.map((f) => toIssue(again.map, fromEnvironment(f, valueAt(again.value, f.pointer))));
}

/**
 * A name that came from `${env:NAME}` is placed at the reference and says so, as the loader's own findings
 * about values from the environment do: the file does not show the value that ISE lacks.
 */
function fromEnvironment(finding: Finding, raw: unknown): Finding {
  const reference = typeof raw === 'string' ? firstEnvReference(raw) : undefined;
  if (!reference) return finding;
  const message = `${finding.message} (the name comes from ${reference})`;
  return error(finding.pointer, message, { kind: 'text', text: reference });
}
