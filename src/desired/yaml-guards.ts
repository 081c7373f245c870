/**
 * Defences that run around the YAML parser, for input that is hostile or not YAML at all.
 *
 * - Control characters are refused on the raw text: binary garbage is reported once, at its first byte,
 *   instead of as a cascade of syntax errors; so are lines ended by a CR alone, named as such.
 * - Nesting is bounded *before* the parser sees it (`guarded-parse.ts`), and exactly, at `MAX_DEPTH`, on the
 *   parsed tree here.
 * - Anchors, aliases, explicit tags, non-scalar keys and null keys are refused in the tree. A desired-state file
 *   needs none of them, and refusing aliases outright makes "billion laughs" expansion impossible.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

export const MAX_DEPTH = 64;

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

/**
 * A line break that is a CR alone (classic Mac line ends, or a file mangled by a transfer): YAML reads it as
 * a break, but the first message a parser gives about it ("nested mappings are not allowed in compact
 * mappings") names neither the cause nor the fix.
 */
export function findLoneCarriageReturn(text: string): OffsetProblem | undefined {
  const at = text.search(/\r(?!\n)/);
  if (at < 0) return undefined;
  return {
    offset: at,
    message: 'this line ends with a CR alone (old Mac line ends); save the file with LF (or CRLF) line ends',
  };
}

export const TOO_DEEP = `the file is nested too deeply (the limit is ${MAX_DEPTH} levels of lists and mappings)`;

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

/** Half of a UTF-16 pair standing alone (`"\ud800"`): not text, and no JSON body could carry it to ISE. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Checks one node for the constructs a desired-state file does not allow. */
function refusedConstruct(node: Node, text: string): OffsetProblem | undefined {
  const offset = nodeOffset(node);
  if (isScalar(node) && typeof node.value === 'string' && LONE_SURROGATE.test(node.value)) {
    return {
      offset,
      message:
        'this text holds half of a UTF-16 pair (an escape from \\ud800 to \\udfff alone); write the whole character',
    };
  }
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
      problems.push({ offset: nodeOffset(node), message: TOO_DEEP });
      break;
    }
    for (const item of node.items) {
      if (isPair(item)) {
        const key = item.key as Node | null;
        // `~: x`, `null: x` and `: x` make a null key, which the plain value reads as "": a message about
        // an unknown key "" at the mapping's start would point at neither the key nor the fix.
        if (key === null || (isScalar(key) && key.value === null)) {
          const at = key ?? (item.value as Node | null);
          problems.push({
            offset: at ? nodeOffset(at) : nodeOffset(node),
            message: 'this mapping key is empty or null (~, null); give the key its name, or quote it ("~")',
          });
        } else if (!isScalar(key) && !isAlias(key)) {
          problems.push({
            offset: nodeOffset(key),
            message: 'mapping keys must be plain names, not lists or mappings',
          });
        } else {
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
