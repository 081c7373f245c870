/**
 * The desired-state loader: file -> text -> YAML -> schema -> env references -> semantic checks ->
 * normalized `DesiredState`. It returns results instead of throwing, because a user's file with problems is
 * the normal case for `validate`, and every problem should be reported at once, each with its position.
 *
 * The schema runs twice: on the file as written (where secret fields must be `${env:NAME}` references), and
 * on the tree with references resolved, reporting only strings that came from the environment. So a
 * pattern such as the Duo host name is checked whether it is written out or comes from a variable.
 */
import { resolve } from 'node:path';
import type { Issue } from '../errors';
import type { PlanInputs } from '../model/plan';
import { namedAsSecret, RunSecrets, secretsOfEnvironment } from '../model/run-secrets';
import { createScrubber, OWN_WORDS } from '../model/scrubber';
import type { DesiredState } from '../model/state';
import { type EnvResolution, resolveEnvReferences } from './env-refs';
import type { DesiredFile } from './file-types';
import { type Finding, isSecretField } from './findings';
import { desiredInputs } from './inputs';
import { normalizeDesired } from './normalize';
import { parseYaml } from './parse-yaml';
import { readDesiredFile } from './read-file';
import { schemaFindings } from './schema-errors';
import { secretReuseFindings } from './secret-reuse';
import { secretShapeFindings } from './secret-shapes';
import { semanticFindings } from './semantic-checks';
import { onlyReferences, sensitiveSourceTexts } from './sensitive-source';
import { lineOf, type SourceMap, toIssue } from './source-map';

export type LoadResult =
  | { ok: true; desired: DesiredState; warnings: Issue[]; inputs: PlanInputs }
  | { ok: false; issues: Issue[] };

function byPosition(a: Issue, b: Issue): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function finish(issues: Issue[], sensitiveValues: string[], text: string, env: NodeJS.ProcessEnv): Issue[] {
  // A file that loads cleanly has no message to scrub, and building a scrubber is per-secret work (every
  // encoding's every window): most of a millisecond per small file in a fleet, 9 ms for 200 connections.
  if (issues.length === 0) return issues;
  // One scrubber for every message: building it per message cost O(issues x secrets), minutes for an export
  // of a few thousand connections. Files often take the same key for every connection: each value once.
  // The values as written count too: those the parse or the schema stopped before they became strings.
  // A secret field holding only a slip of a reference (`${ENV:NAME}`) holds a name, which its message shows
  // corrected, not a secret: blanking it would blank the fix.
  const values = sensitiveValues.filter((v) => !onlyReferences(v));
  const pieces = createScrubber([...new Set([...values, ...sensitiveSourceTexts(text)])], OWN_WORDS);
  // The environment's secrets (ISE_PASSWORD, DUO_*_SKEY, …) the file does not take as secrets, whole: a key
  // pasted as a key name or a `version` is quoted by the message that refuses it. Not their pieces: a
  // password that holds a word ("…password") would blank that word in every message. (A variable named as
  // a secret that a printed field references is among `sensitiveValues`, pieces and all: a message may cut
  // the URL it is spliced into.)
  const whole = new RunSecrets(secretsOfEnvironment(env));
  // Whole values first: a piece of another secret inside one would leave the rest of it unmatched.
  const scrub = (message: string) => pieces(whole.scrub(message));
  // The pointer too: it names the key a secret was pasted as (`/mfa/<key>`), and JSON reports print it.
  return issues
    .map((issue) => ({ ...issue, message: scrub(issue.message), pointer: scrub(issue.pointer) }))
    .sort(byPosition);
}

/** The values of variables named as secrets (`namedAsSecret`) that the file references anywhere. */
function secretNamedValues(resolution: EnvResolution, env: NodeJS.ProcessEnv): string[] {
  const names = new Set([...resolution.variablesAt.values()].flat().filter(namedAsSecret));
  return [...names].flatMap((name) => (env[name] ? [env[name]] : []));
}

/**
 * Schema findings on the file as written, minus those on strings with references: the second pass checks
 * their resolved values instead (so `runSync: ${env:POLICY}` is judged by what POLICY holds). Secret fields
 * keep theirs: there, the first pass enforces that the whole value is one reference.
 */
function fileValueFindings(value: unknown, resolution: EnvResolution): Finding[] {
  return schemaFindings(value).filter(
    (f) =>
      !resolution.malformed.has(f.pointer) &&
      (isSecretField(f.pointer) || !resolution.referenced.has(f.pointer)),
  );
}

/**
 * Schema findings on the resolved tree, kept only for strings whose value came from the environment. Each
 * names the variables it came from: in a CI log the file's line is not in sight, the variable to fix is.
 */
function environmentValueFindings(resolution: EnvResolution): Finding[] {
  const { checkable, variablesAt } = resolution;
  if (checkable.size === 0) return []; // nothing came from the environment that this pass could report on
  return schemaFindings(resolution.tree)
    .filter((f) => checkable.has(f.pointer))
    .map((f) => {
      const from = [...new Set(variablesAt.get(f.pointer))].map((name) => `\${env:${name}}`).join(', ');
      return { ...f, message: `${f.message} (the value comes from ${from || 'the environment'})` };
    });
}

function checkedLoad(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  runSecrets: readonly string[],
): LoadResult {
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const issues = parsed.problems.map((p): Issue => ({ file, pointer: '', ...p }));
    return { ok: false, issues: finish(issues, [], text, env) };
  }
  const { doc, lineCounter, value, warnings: yamlWarnings } = parsed.parsed;
  const sourceMap: SourceMap = { file, doc, lineCounter, text };
  const resolution = resolveEnvReferences(value, env);
  const findings: Finding[] = [
    ...fileValueFindings(value, resolution),
    ...resolution.findings,
    ...environmentValueFindings(resolution),
    ...semanticFindings(resolution.tree, (pointer) => lineOf(sourceMap, pointer)),
    ...secretShapeFindings(resolution.tree, resolution.secrets),
    ...secretReuseFindings(resolution, env, runSecrets),
  ];
  const issues = finish(
    [
      ...yamlWarnings.map((p): Issue => ({ file, pointer: '', ...p })),
      ...findings.map((f) => toIssue(sourceMap, f)),
    ],
    [...resolution.sensitiveValues, ...secretNamedValues(resolution, env), ...runSecrets],
    text,
    env,
  );
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };
  const desired = normalizeDesired(resolution.tree as DesiredFile, resolution.secrets, file);
  return { ok: true, desired, warnings: issues, inputs: desiredInputs(text, file, value, env) };
}

/**
 * Parses and checks desired-state text without any I/O. `file` labels the issues and anchors relative
 * paths (`ise.caFile`); `env` supplies `${env:NAME}` references. `runSecrets` are other files' secrets of
 * the same run (a fleet): a printed field may not hold them either. Never throws for bad input.
 */
export function parseDesiredState(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  runSecrets: readonly string[] = [],
): LoadResult {
  try {
    return checkedLoad(text, file, env, runSecrets);
  } catch (err) {
    // A bug, not a user error; still a result, so one bad file cannot take down a fleet-wide `validate`.
    const reason = err instanceof Error ? err.message : String(err);
    const message = `internal error while checking the file (please report it): ${reason}`;
    return { ok: false, issues: [{ file, line: 0, column: 0, pointer: '', message, severity: 'error' }] };
  }
}

/** Reads and checks a desired-state file. Never throws for a missing, unreadable or invalid file. */
export async function loadDesiredState(
  path: string,
  env: NodeJS.ProcessEnv,
  runSecrets: readonly string[] = [],
): Promise<LoadResult> {
  const read = await readDesiredFile(path);
  if (!read.ok) return { ok: false, issues: [read.issue] };
  return parseDesiredState(read.text, path, env, runSecrets);
}

/**
 * Loads `file` (as the user named it) from `cwd`, its issues and warnings labelled `file`, not the absolute
 * path read: plan's and apply's messages then name the file as `validate` and the online checks do.
 */
export async function loadNamedFile(
  file: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  runSecrets: readonly string[] = [],
): Promise<LoadResult> {
  const path = resolve(cwd, file);
  const result = await loadDesiredState(path, env, runSecrets);
  const named = (issues: Issue[]) => issues.map((i) => (i.file === path ? { ...i, file } : i));
  return result.ok
    ? { ...result, warnings: named(result.warnings) }
    : { ok: false, issues: named(result.issues) };
}
