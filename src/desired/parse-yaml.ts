/**
 * Text -> YAML document -> plain value, or a list of positioned problems. Nothing here throws for bad input.
 *
 * The document is kept next to the plain value because later stages report positions: `source-map.ts`
 * finds the node for a JSON pointer in `doc`, and `lineCounter` turns its offset into line and column.
 * YAML-level problems (syntax, tabs, duplicate keys, refused constructs) stop the load here: the tree may be
 * garbled, and schema errors on top of it would only add noise.
 */
import { type Document, isMap, isSeq, LineCounter, type Node, type YAMLError } from 'yaml';
import { parseDocumentGuarded } from './guarded-parse';
import { checkTree, findForbiddenCharacter, findLoneCarriageReturn, type OffsetProblem } from './yaml-guards';

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JSON-like data: objects, arrays, strings, numbers, booleans, null. */
  value: Record<string, unknown>;
  /** YAML-level warnings (e.g. an unknown directive): reported, but they do not stop the load. */
  warnings: PositionedProblem[];
}

export interface PositionedProblem {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export type ParseYamlResult = { ok: true; parsed: ParsedYaml } | { ok: false; problems: PositionedProblem[] };

/** 1-based line and column of an offset, for problems found before a `LineCounter` exists. */
export function positionInText(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function failAt(text: string, problem: OffsetProblem): ParseYamlResult {
  const { line, column } = positionInText(text, problem.offset);
  return { ok: false, problems: [{ line, column, message: problem.message, severity: 'error' }] };
}

/** The key at the start of a text: quoted, or plain up to the `:`. */
const KEY_TEXT = /^(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]*)/;

/** yaml's message, reworded for the codes users meet most; other codes keep yaml's wording. */
function describeYamlError(err: YAMLError, text: string): string {
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed in YAML indentation; indent with spaces';
    case 'DUPLICATE_KEY': {
      const key = KEY_TEXT.exec(text.slice(err.pos[0]))?.[0].trim() || '(empty)';
      return `duplicate key ${JSON.stringify(key.slice(0, 60))}; a key may appear only once in a mapping`;
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document ("---"); put the whole desired state in one document';
    case 'BAD_ALIAS':
      return 'YAML anchors and aliases are not allowed; write each value out in full';
    default: {
      const first = err.message.split('\n')[0] ?? err.message;
      return `YAML syntax error: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
    }
  }
}

/** An unquoted `${env:…}` inside `{ }` or `[ ]`: YAML reads its `{` as a flow mapping. A common slip. */
const UNQUOTED_REFERENCE_IN_FLOW = /[[{][^"'\n]*?(?<!["'])\$\{env:/;
const QUOTE_HINT = '; inside { } or [ ], quote environment references: "${env:NAME}"';

const STANDALONE_CODES = new Set(['DUPLICATE_KEY', 'TAB_AS_INDENT', 'MULTIPLE_DOCS']);

/**
 * One problem per line: a single slip often makes yaml report a cascade of errors on the same line, and
 * only the first says anything useful.
 */
function yamlProblems(doc: Document.Parsed, lineCounter: LineCounter, text: string): PositionedProblem[] {
  const lines = new Set<number>();
  const problems: PositionedProblem[] = [];
  const add = (err: YAMLError, severity: 'error' | 'warning') => {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    if (lines.has(line)) return;
    lines.add(line);
    let message = describeYamlError(err, text);
    const lineText = text.slice(lineCounter.lineStarts[line - 1] ?? 0).split('\n', 1)[0] ?? '';
    if (severity === 'error' && UNQUOTED_REFERENCE_IN_FLOW.test(lineText)) message += QUOTE_HINT;
    problems.push({ line, column: col, message, severity });
  };
  // Past the first syntax error the parser is out of step, and further syntax errors are mostly echoes.
  // Errors that do not derail it (duplicate keys, tabs, a second document) are all kept.
  let syntaxErrors = 0;
  for (const err of doc.errors) {
    if (!STANDALONE_CODES.has(err.code) && syntaxErrors++ > 0) continue;
    add(err, 'error');
  }
  // Tag warnings are dropped: `checkTree` refuses every explicit tag with one clearer message.
  for (const warn of doc.warnings) if (warn.code !== 'TAG_RESOLVE_FAILED') add(warn, 'warning');
  return problems;
}

const EMPTY_FILE =
  'the file is empty; a desired-state file needs at least "version: 1" and "mfa:" with "enabled: true" or "enabled: false"';

function rootShapeProblem(contents: Node | null): string | undefined {
  if (contents === null) return EMPTY_FILE;
  if (isMap(contents)) return undefined;
  const found = isSeq(contents) ? 'a list' : 'a single value';
  return `the top level of the file must be a mapping of keys such as "version: 1" and "mfa:", not ${found}`;
}

/**
 * `%YAML 1.1` makes yaml read plain values by the old rules (`off` is false, `1:30` is 90) and `%TAG`
 * defines tag shorthands: both change what the file means without a tag in sight, and tags are refused.
 * `%YAML 1.2`, the version the file is read as anyway, is harmless.
 */
function directiveProblem(doc: Document.Parsed, text: string, lineCounter: LineCounter): PositionedProblem[] {
  const { yaml, tags } = doc.directives ?? {};
  const oldVersion = yaml?.explicit && yaml.version !== '1.2';
  const ownTags = Object.keys(tags ?? {}).some((handle) => handle !== '!!');
  if (!oldVersion && !ownTags) return [];
  const at = /^%(?:YAML|TAG)\b/m.exec(text)?.index ?? 0;
  const { line, col } = lineCounter.linePos(at);
  const message = oldVersion
    ? `"%YAML ${yaml?.version}" is not allowed: it changes what plain values mean (in YAML 1.1, off is false); remove the directive`
    : '"%TAG" directives are not allowed, as tags are not; remove the directive and write plain values';
  return [{ line, column: col, message, severity: 'error' }];
}

export function parseYaml(text: string): ParseYamlResult {
  const badCharacter = findForbiddenCharacter(text) ?? findLoneCarriageReturn(text);
  if (badCharacter) return failAt(text, badCharacter);
  const lineCounter = new LineCounter();
  const parse = parseDocumentGuarded(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (!parse.ok) return failAt(text, parse.tooDeep);
  const doc = parse.doc;
  const problems = [...yamlProblems(doc, lineCounter, text), ...directiveProblem(doc, text, lineCounter)];
  if (doc.contents) {
    for (const p of checkTree(doc.contents as Node, text)) {
      const { line, col } = lineCounter.linePos(p.offset);
      problems.push({ line, column: col, message: p.message, severity: 'error' });
    }
  }
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  const shape = rootShapeProblem(doc.contents as Node | null);
  if (shape) {
    const offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { ok: false, problems: [...problems, { line, column: col, message: shape, severity: 'error' }] };
  }
  const value = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
  return { ok: true, parsed: { doc, lineCounter, value, warnings: problems } };
}
