/**
 * Defences that run around the YAML parser, for input that is hostile or not YAML at all.
 *
 * - Control characters are refused on the raw text: binary garbage is reported once, at its first byte,
 *   instead of as a cascade of syntax errors.
 * - Nesting is bounded *before* the parser sees it. The `yaml` package parses and composes recursively:
 *   200 000 `[` take seconds and then exhaust the stack or the heap. So each token of the lexer's flat
 *   stream updates an estimate of the depth from above (flow brackets + indentation levels + `-`/`?`
 *   indicators on a line) before it goes on to the parser, and the first token past
 *   `PRE_PARSE_DEPTH_LIMIT` ends the parse. The exact limit, `MAX_DEPTH`, is checked on the parsed tree,
 *   which the estimate keeps small enough to parse quickly.
 * - Anchors, aliases, explicit tags and non-scalar keys are refused in the tree. A desired-state file
 *   needs none of them, and refusing aliases outright makes "billion laughs" expansion impossible.
 */
import {
  Composer,
  CST,
  type Document,
  type DocumentOptions,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  type LineCounter,
  type Node,
  type ParseOptions,
  Parser,
  type SchemaOptions,
  YAMLParseError,
} from 'yaml';

export const MAX_DEPTH = 64;
/** Generous for the estimate, which may count an indentation level or an indicator twice. */
const PRE_PARSE_DEPTH_LIMIT = 4 * MAX_DEPTH;

/** A problem found at a character offset in the text. */
export interface OffsetProblem {
  offset: number;
  message: string;
}

const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

/** The first control character in the text (tab, CR and LF are fine), or undefined. */
export function findForbiddenCharacter(text: string): OffsetProblem | undefined {
  const match = FORBIDDEN_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const message =
    code === 0
      ? 'the file contains a NUL byte: it looks binary, not YAML text'
      : `control character ${hex} is not allowed in a YAML file; remove it`;
  return { offset: match.index, message };
}

const tooDeep = `the file is nested too deeply (the limit is ${MAX_DEPTH} levels of lists and mappings)`;

/** Lexer markers that are not source characters and so take no room in the text. */
const MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** An upper bound on the nesting depth, updated one lexer token at a time. */
class DepthEstimate {
  private flow = 0;
  private readonly indents: number[] = [];
  private lineIndicators = 0;
  private atLineStart = true;
  private lineIndent = 0;
  /** Where the next token starts in the text. */
  private offset = 0;

  /** Takes one token; returns the problem when it goes past the limit. */
  add(token: string): OffsetProblem | undefined {
    const type = CST.tokenType(token);
    if (type === 'newline') {
      this.atLineStart = true;
      this.lineIndent = 0;
      this.lineIndicators = 0;
    } else if (type === 'space') {
      if (this.atLineStart) this.lineIndent = token.length;
    } else if (type !== 'comment' && type !== 'doc-mode' && type !== 'scalar') {
      const indents = this.indents;
      if (this.atLineStart && this.flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= this.lineIndent) indents.pop();
        indents.push(this.lineIndent);
      }
      this.atLineStart = false;
      if (type === 'flow-map-start' || type === 'flow-seq-start') this.flow += 1;
      if (type === 'flow-map-end' || type === 'flow-seq-end') this.flow = Math.max(0, this.flow - 1);
      if (type === 'seq-item-ind' || type === 'explicit-key-ind') this.lineIndicators += 1;
    }
    const estimate = this.flow + 2 * this.indents.length + this.lineIndicators;
    // Flow depth alone is exact, so it is reported where it passes the real limit.
    if (this.flow > MAX_DEPTH || estimate > PRE_PARSE_DEPTH_LIMIT)
      return { offset: this.offset, message: tooDeep };
    if (!MARKERS.has(token)) this.offset += token.length;
    return undefined;
  }
}

export type GuardedParse = { ok: true; doc: Document.Parsed } | { ok: false; tooDeep: OffsetProblem };

type GuardedParseOptions = ParseOptions & DocumentOptions & SchemaOptions & { lineCounter: LineCounter };

/**
 * yaml's `parseDocument`, with the nesting estimate taken on its own lexer pass: each token is checked
 * before the parser sees it, and the first token past the limit ends the parse, so the parser and the
 * composer never hold more nesting than the estimate allows (a second, separate lexer pass over the text
 * cost as much as a quarter of the parse and allocated a third of its garbage). The loop mirrors
 * `parseDocument` (yaml 2.x, `public-api.js`), second-document error included. Text past a second
 * document is not parsed (as `parseDocument` stops there too) but still lexed for depth, so absurd
 * nesting anywhere in the file is refused, as it was when the check ran before the parse.
 */
export function parseDocumentGuarded(text: string, options: GuardedParseOptions): GuardedParse {
  return withYamlDebugSwitchesOnly(() => guardedParse(text, options));
}

/**
 * yaml's Parser tests `process.env.LOG_TOKENS` for every token, and its Composer `LOG_STREAM` for every
 * document (debug switches that print what they see). A read of `process.env` is a getenv() behind a C++
 * interceptor, ~0.25 µs: for the 32 000 tokens of a 100 KB file, a fifth of the parse. The parse is
 * synchronous, so no other code of the process runs while it does: for that time `process.env` is a plain
 * object holding just those two switches, as they are set, and it is put back before returning or throwing.
 */
function withYamlDebugSwitchesOnly<T>(run: () => T): T {
  const env = process.env;
  const switches: NodeJS.ProcessEnv = {};
  for (const name of YAML_DEBUG_SWITCHES) {
    const value = env[name];
    if (value !== undefined) switches[name] = value;
  }
  process.env = switches;
  try {
    return run();
  } finally {
    process.env = env;
  }
}

const YAML_DEBUG_SWITCHES = ['LOG_TOKENS', 'LOG_STREAM'] as const;

function guardedParse(text: string, options: GuardedParseOptions): GuardedParse {
  const depth = new DepthEstimate();
  const lexer = new Lexer().lex(text);
  const parser = new Parser(options.lineCounter.addNewLine);
  let tooDeepAt: OffsetProblem | undefined;
  // The lexer is stepped by hand, not with for-of: leaving the composer loop early must not close it.
  function* tokens(): Generator<CST.Token> {
    options.lineCounter.addNewLine(0); // what `Parser.parse` does before its first token
    for (let step = lexer.next(); !step.done; step = lexer.next()) {
      tooDeepAt = depth.add(step.value);
      if (tooDeepAt) return;
      yield* parser.next(step.value);
    }
    yield* parser.end();
  }
  let doc: Document.Parsed | undefined;
  for (const composed of new Composer(options).compose(tokens(), true, text.length)) {
    if (!doc) doc = composed;
    else if (doc.options.logLevel !== 'silent') {
      const range = composed.range.slice(0, 2) as [number, number];
      doc.errors.push(new YAMLParseError(range, 'MULTIPLE_DOCS', MULTIPLE_DOCS));
      break;
    }
  }
  if (tooDeepAt) return { ok: false, tooDeep: tooDeepAt };
  for (let step = lexer.next(); !step.done; step = lexer.next()) {
    tooDeepAt = depth.add(step.value);
    if (tooDeepAt) return { ok: false, tooDeep: tooDeepAt };
  }
  // `compose(…, forceDoc = true)` always yields a document, an empty one for empty text.
  return { ok: true, doc: doc! };
}

const MULTIPLE_DOCS = 'Source contains multiple documents; please use YAML.parseAllDocuments()';

function nodeOffset(node: Node): number {
  return node.range?.[0] ?? 0;
}

/**
 * Where a node's anchor or tag is written: the node's range starts after its properties, so search back
 * for the marker (a short way: properties sit right before the node, at most a line or two earlier).
 */
function propertyOffset(text: string, node: Node, marker: string): number {
  const start = nodeOffset(node);
  let at = text.lastIndexOf(marker, start);
  while (at > 0 && marker === '!' && text[at - 1] === '!') at -= 1; // `!!str` starts at its first `!`
  return at >= 0 && start - at < 1024 ? at : start;
}

/** Checks one node for the constructs a desired-state file does not allow. */
function refusedConstruct(node: Node, text: string): OffsetProblem | undefined {
  const offset = nodeOffset(node);
  if (isAlias(node)) {
    return { offset, message: `YAML aliases (*${node.source}) are not allowed; write the value out in full` };
  }
  if (node.anchor) {
    return {
      offset: propertyOffset(text, node, `&${node.anchor}`),
      message: `YAML anchors (&${node.anchor}) are not allowed; write each value out in full`,
    };
  }
  if (node.tag) {
    return {
      offset: propertyOffset(text, node, '!'),
      message: 'YAML tags (!, !!) are not allowed; write plain values',
    };
  }
  return undefined;
}

/**
 * Walks the tree without recursion and reports refused constructs and nesting past `MAX_DEPTH`. Nodes and
 * their depths go on two parallel stacks: no object per node.
 */
export function checkTree(root: Node, text: string): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const nodes: Node[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0 && problems.length < 100) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    const refused = refusedConstruct(node, text);
    if (refused) problems.push(refused);
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_DEPTH) {
      problems.push({ offset: nodeOffset(node), message: tooDeep });
      break;
    }
    for (const item of node.items) {
      if (isPair(item)) {
        const key = item.key as Node | null;
        if (key && !isScalar(key) && !isAlias(key)) {
          problems.push({
            offset: nodeOffset(key),
            message: 'mapping keys must be plain names, not lists or mappings',
          });
        } else if (key) {
          nodes.push(key);
          depths.push(depth + 1);
        }
        if (item.value) {
          nodes.push(item.value as Node);
          depths.push(depth + 1);
        }
      } else if (item) {
        nodes.push(item as Node);
        depths.push(depth + 1);
      }
    }
  }
  return problems;
}
