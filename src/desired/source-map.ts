/**
 * Turns pointer-based `Finding`s into `Issue`s with 1-based line and column, using the YAML document's node
 * ranges. Kept apart from the checks so that every stage reports positions the same way:
 * - a node's problem points at the node (for a missing key, that is the mapping that lacks it);
 * - an unknown key points at the key;
 * - a `${env:…}` problem points at the reference inside the string, when it can be found in the source.
 * A pointer that does not resolve (the node is absent) falls back to its nearest existing ancestor.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { Issue } from '../errors';
import { type Finding, pointerSegments } from './findings';

interface Located {
  node: Node | null;
  /** The pair whose value is `node`, when the last step went through a mapping. */
  pair: Pair | null;
  /** false when the walk stopped early; `node` is then the nearest ancestor. */
  complete: boolean;
}

function findPair(map: Node, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair;
  }
  return undefined;
}

function stepInto(current: Node, segment: string): { node: Node | null; pair: Pair | null } | undefined {
  if (isMap(current)) {
    const pair = findPair(current, segment);
    return pair ? { node: (pair.value as Node | null) ?? null, pair } : undefined;
  }
  if (isSeq(current) && /^\d+$/.test(segment)) {
    const item = current.items[Number(segment)] as Node | undefined;
    return item ? { node: item, pair: null } : undefined;
  }
  return undefined;
}

function locateNode(doc: Document.Parsed, pointer: string): Located {
  let located: Located = { node: (doc.contents as Node | null) ?? null, pair: null, complete: true };
  for (const segment of pointerSegments(pointer)) {
    const next = located.node ? stepInto(located.node, segment) : undefined;
    if (!next) return { ...located, complete: false };
    located = { node: next.node, pair: next.pair, complete: true };
  }
  return located;
}

/** The start offset of a value; an empty value (`key:` with nothing after it) points at its key. */
function valueOffset(located: Located): number {
  const { node, pair } = located;
  const keyNode = pair?.key as Node | undefined;
  const isEmpty = !node || (isScalar(node) && node.value === null && node.source === '');
  if (isEmpty && keyNode?.range) return keyNode.range[0];
  return node?.range?.[0] ?? keyNode?.range?.[0] ?? 0;
}

function findingOffset(doc: Document.Parsed, text: string, finding: Finding): number {
  const located = locateNode(doc, finding.pointer);
  const anchor = finding.anchor ?? { kind: 'value' };
  if (!located.complete) return valueOffset(located);
  if (anchor.kind === 'key')
    return (located.pair?.key as Node | undefined)?.range?.[0] ?? valueOffset(located);
  if (anchor.kind === 'text' && located.node?.range) {
    const [start, end] = located.node.range;
    const at = text.slice(start, end).indexOf(anchor.text);
    if (at >= 0) return start + at;
  }
  return valueOffset(located);
}

export interface SourceMap {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  text: string;
}

export function toIssue(map: SourceMap, finding: Finding): Issue {
  const { line, col } = map.lineCounter.linePos(findingOffset(map.doc, map.text, finding));
  return {
    file: map.file,
    line,
    column: col,
    pointer: finding.pointer,
    message: finding.message,
    severity: finding.severity,
  };
}

/** The line a pointer's node starts on, for messages such as "also at line 7". */
export function lineOf(map: SourceMap, pointer: string): number {
  return map.lineCounter.linePos(
    findingOffset(map.doc, map.text, { pointer, message: '', severity: 'error' }),
  ).line;
}
