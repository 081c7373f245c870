/**
 * An MFA rule's condition as one line of prose for plan and drift output, instead of the nested braces a
 * generic object rendering gives: `DEVICE:Device Type equals "All Device Types#Router"`,
 * `library "Corp-VPN-Headends"`, `(A and not B)`. A field diff usually points inside the tree
 * (`condition.and[1].value`) and shows only the scalar that changed; this is for the diffs that carry a
 * whole subtree: a child added or removed, a test replaced by a block, a rule created or deleted.
 *
 * Recognition is by shape, because the values come to the renderers as plain JSON (from a plan, maybe a
 * saved one): exactly the keys of one of the model's five condition forms (`src/model/state.ts`).
 */

const ATTRIBUTE_KEYS = ['dictionary', 'attribute', 'operator', 'value'];

function keysOf(value: object): string[] {
  return Object.keys(value);
}

function isAttribute(value: Record<string, unknown>): boolean {
  const keys = keysOf(value);
  return (
    ATTRIBUTE_KEYS.every((k) => typeof value[k] === 'string') &&
    keys.every((k) => ATTRIBUTE_KEYS.includes(k) || k === 'dictionaryValue')
  );
}

function isLibrary(value: Record<string, unknown>): boolean {
  return typeof value.library === 'string' && keysOf(value).every((k) => k === 'library' || k === 'id');
}

function isBlock(value: Record<string, unknown>): boolean {
  const keys = keysOf(value);
  if (keys.length !== 1) return false;
  if (keys[0] === 'not') return isCondition(value.not);
  return (keys[0] === 'and' || keys[0] === 'or') && Array.isArray(value[keys[0]]);
}

/** Whether `value` has the shape of a rule condition (any of the five forms, at any depth). */
export function isCondition(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return isAttribute(v) || isLibrary(v) || isBlock(v);
}

/** One condition as a line; blocks in parentheses, so that nesting stays unambiguous. */
export function describeCondition(value: Record<string, unknown>): string {
  if ('not' in value) return `not ${describeCondition(value.not as Record<string, unknown>)}`;
  for (const op of ['and', 'or'] as const) {
    if (op in value) {
      const children = value[op] as unknown[];
      const parts = children.map((c) => (isCondition(c) ? describeCondition(c) : JSON.stringify(c)));
      return `(${parts.join(` ${op} `)})`;
    }
  }
  if ('library' in value) return `library ${JSON.stringify(value.library)}`;
  const dv =
    typeof value.dictionaryValue === 'string' && value.dictionaryValue ? `[${value.dictionaryValue}]` : '';
  return `${value.dictionary}:${value.attribute}${dv} ${value.operator} ${JSON.stringify(value.value)}`;
}

/**
 * The field diffs to show, without a reference's id where its name differs too (`condition.and[1].id` next
 * to `condition.and[1].library`): the file names library conditions, and the id says nothing the name does
 * not. An id that differs alone (the same name, a condition recreated on ISE) is kept: it is the only sign.
 * Plans keep every diff; this is only what people read.
 */
export function withoutShadowedIds<F extends { field: string }>(fields: readonly F[]): F[] {
  const names = new Set(fields.map((f) => f.field));
  return fields.filter((f) => !(f.field.endsWith('.id') && names.has(`${f.field.slice(0, -3)}.library`)));
}
