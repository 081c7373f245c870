/**
 * Defences that run around the YAML parser, for input that is hostile or not YAML at all.
 *
 * - Control characters are refused on the raw text: binary garbage is reported once, at its first byte,
 *   instead of as a cascade of syntax errors.
 * - Nesting is bounded *before* parsing. The `yaml` package parses and composes recursively: 200 000 `[`
 *   take seconds and then exhaust the stack or the heap. So a cheap pass over the lexer's flat token
 *   stream estimates the depth from above (flow brackets + indentation levels + `-`/`?` indicators on a
 *   line) and stops at the first token past `PRE_PARSE_DEPTH_LIMIT`. The exact limit, `MAX_DEPTH`, is
 *   checked on the parsed tree, which the estimate keeps small enough to parse quickly.
 * - Anchors, aliases, explicit tags and non-scalar keys are refused in the tree. A desired-state file
 *   needs none of them, and refusing aliases outright makes "billion laughs" expansion impossible.
 */
import { CST, isAlias, isMap, isPair, isScalar, isSeq, Lexer, type Node } from 'yaml';

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

interface DepthEstimate {
  flow: number;
  indents: number[];
  lineIndicators: number;
  atLineStart: boolean;
  lineIndent: number;
}

/** Updates the estimate with one token; returns the new upper bound on the depth. */
function addToken(state: DepthEstimate, token: string): number {
  const type = CST.tokenType(token);
  if (type === 'newline') {
    Object.assign(state, { atLineStart: true, lineIndent: 0, lineIndicators: 0 });
  } else if (type === 'space') {
    if (state.atLineStart) state.lineIndent = token.length;
  } else if (type !== 'comment' && type !== 'doc-mode' && type !== 'scalar') {
    if (state.atLineStart && state.flow === 0) {
      while (state.indents.length > 0 && state.indents[state.indents.length - 1]! >= state.lineIndent) {
        state.indents.pop();
      }
      state.indents.push(state.lineIndent);
    }
    state.atLineStart = false;
    if (type === 'flow-map-start' || type === 'flow-seq-start') state.flow += 1;
    if (type === 'flow-map-end' || type === 'flow-seq-end') state.flow = Math.max(0, state.flow - 1);
    if (type === 'seq-item-ind' || type === 'explicit-key-ind') state.lineIndicators += 1;
  }
  return state.flow + 2 * state.indents.length + state.lineIndicators;
}

/** Refuses absurd nesting from the token stream alone, without building a tree. */
export function checkNestingBeforeParse(text: string): OffsetProblem | undefined {
  const state: DepthEstimate = { flow: 0, indents: [], lineIndicators: 0, atLineStart: true, lineIndent: 0 };
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const estimate = addToken(state, token);
    // Flow depth alone is exact, so it is reported where it passes the real limit.
    if (state.flow > MAX_DEPTH || estimate > PRE_PARSE_DEPTH_LIMIT) return { offset, message: tooDeep };
    if (!MARKERS.has(token)) offset += token.length;
  }
  return undefined;
}

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

/** Walks the tree without recursion and reports refused constructs and nesting past `MAX_DEPTH`. */
export function checkTree(root: Node, text: string): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const stack: Array<{ node: Node; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length > 0 && problems.length < 100) {
    const { node, depth } = stack.pop()!;
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
          stack.push({ node: key, depth: depth + 1 });
        }
        if (item.value) stack.push({ node: item.value as Node, depth: depth + 1 });
      } else if (item) {
        stack.push({ node: item as Node, depth: depth + 1 });
      }
    }
  }
  return problems;
}
