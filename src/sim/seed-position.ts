/**
 * Where in a seed file a problem is: the simulator's seed errors name a path (`policySets.deviceAdmin[0]`,
 * then the field inside, `rule.condition.children[1].id`), and this finds its line and column in the YAML,
 * so the message reads like every other ise-duo file error (`seed.yaml:41:11: ...`). A path that ends at a
 * missing field points at the deepest part that exists (the mapping that lacks it). The desired-state
 * loader has its own source map; the simulator sits below it and cannot import it.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/** `a.b[0].c` → ['a', 'b', 0, 'c']. */
function segments(path: string): Array<string | number> {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

function step(node: Node, segment: string | number): Node | undefined {
  if (isMap(node)) {
    const pair = node.items.find(
      (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
    );
    return (pair?.value as Node | undefined) ?? (pair?.key as Node | undefined);
  }
  if (isSeq(node) && typeof segment === 'number') return node.items[segment] as Node | undefined;
  return undefined;
}

/** The leading path of a message (`policySets: unknown service(s)` → `policySets`), if it has one. */
export function leadingPath(message: string): string {
  return /^[A-Za-z_][\w-]*(\[\d+\]|\.[A-Za-z_][\w-]*)*/.exec(message)?.[0] ?? '';
}

/** `line:column` (1-based) of `path` in the YAML text, or undefined when its first key is not there. */
export function seedPosition(text: string, path: string): string | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node = doc.contents as Node | null;
  let found: Node | undefined;
  for (const segment of segments(path)) {
    const next = node ? step(node, segment) : undefined;
    if (!next) break;
    found = next;
    node = next;
  }
  const offset = found?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return `${line}:${col}`;
}
