/**
 * A parsed document as plain data, the way `doc.toJS()` makes it, without its general machinery (a context
 * with an anchor map, merge-key tests and the toJSON dispatch for every pair and every node): that was a
 * twentieth of a load. It is only for documents `checkTree` passed: no aliases, anchors or tags, scalar
 * keys, at most `MAX_DEPTH` levels (so the recursion is shallow). Anything else, including a schema with
 * merge keys (`%YAML 1.1`), goes to `doc.toJS()` itself, so the result is always the same.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type Pair } from 'yaml';

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** Thrown where this walk would differ from `toJS`; caught below, which then leaves the work to `toJS`. */
class NotPlain extends Error {}

/** `toJS`'s `addPairToJSMap` for a scalar or empty key (`stringifyKey`'s first two cases). */
function addPair(map: Record<string, unknown>, pair: Pair): Record<string, unknown> {
  const key = pair.key;
  let jsKey: unknown = null;
  if (isScalar(key)) jsKey = key.value;
  else if (key !== null && key !== undefined) throw new NotPlain();
  if (jsKey !== null && typeof jsKey === 'object') throw new NotPlain();
  const name = jsKey === null ? '' : String(jsKey);
  const value = plainValue(pair.value);
  // A key the object already has, its own or inherited (`__proto__`, `constructor`), becomes an own one.
  if (name in map)
    Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
  else map[name] = value;
  return map;
}

function plainValue(node: unknown): unknown {
  if (isScalar(node)) return node.value; // toJS keeps scalar values as they are (`keep`)
  if (isMap(node)) {
    const map: Record<string, unknown> = {};
    for (const item of node.items) {
      if (!isPair(item)) throw new NotPlain();
      addPair(map, item as Pair);
    }
    return map;
  }
  if (isSeq(node))
    return node.items.map((item) => (isPair(item) ? addPair({}, item as Pair) : plainValue(item)));
  if (node === null || node === undefined) return node;
  throw new NotPlain();
}

/** `doc.toJS({ maxAliasCount: 0 })` for a document that passed `checkTree`. */
export function documentValue(doc: Document.Parsed): unknown {
  if (doc.schema.name === 'core' && !doc.schema.tags.some((tag) => tag.tag === MERGE_TAG)) {
    try {
      return plainValue(doc.contents);
    } catch (err) {
      if (!(err instanceof NotPlain)) throw err;
    }
  }
  return doc.toJS({ maxAliasCount: 0 });
}
