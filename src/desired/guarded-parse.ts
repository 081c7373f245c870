/**
 * yaml's `parseDocument` with nesting bounded *before* the parser sees it. The `yaml` package parses and
 * composes recursively: 200 000 `[` take seconds and then exhaust the stack or the heap. So each token of
 * the lexer's flat stream updates an estimate of the depth from above (flow brackets + indentation levels +
 * `-`/`?` indicators on a line) before it goes on to the parser, and the first token past
 * `PRE_PARSE_DEPTH_LIMIT` ends the parse. The exact limit, `MAX_DEPTH`, is checked on the parsed tree
 * (`checkTree`), which the estimate keeps small enough to parse quickly.
 */
import {
  Composer,
  CST,
  type Document,
  type DocumentOptions,
  Lexer,
  type LineCounter,
  type ParseOptions,
  Parser,
  type SchemaOptions,
  YAMLParseError,
} from 'yaml';
import { MAX_DEPTH, type OffsetProblem, TOO_DEEP } from './yaml-guards';

/** Generous for the estimate, which may count an indentation level or an indicator twice. */
const PRE_PARSE_DEPTH_LIMIT = 4 * MAX_DEPTH;

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
      return { offset: this.offset, message: TOO_DEEP };
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
