/**
 * An MFA rule's condition in human output, close to how ISE's policy editor reads it:
 * `DEVICE:Device Type equals "All Device Types#Router"`, `library "Corp-VPN"`, `(a AND b)`, `NOT a`.
 * Plans and drift show whole conditions (a create) and sub-trees (the node at a changed path) this way;
 * JSON output keeps the model's tree.
 */
import type { RuleCondition } from '../model/state';

/** Whether a value is a condition node of the model (attribute test, library reference, and/or/not). */
export function isConditionNode(value: object): value is RuleCondition {
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.and) || Array.isArray(v.or)) return Object.keys(v).length === 1;
  if ('not' in v) return Object.keys(v).length === 1 && typeof v.not === 'object' && v.not !== null;
  if (typeof v.library === 'string') return Object.keys(v).every((k) => k === 'library' || k === 'id');
  return ['dictionary', 'attribute', 'operator', 'value'].every((k) => typeof v[k] === 'string');
}

export function formatCondition(c: RuleCondition): string {
  if ('and' in c) return `(${c.and.map(formatCondition).join(' AND ')})`;
  if ('or' in c) return `(${c.or.map(formatCondition).join(' OR ')})`;
  if ('not' in c) return `NOT ${formatCondition(c.not)}`;
  if ('library' in c) return `library ${JSON.stringify(c.library)}`;
  const extra = c.dictionaryValue ? ` [${c.dictionaryValue}]` : '';
  return `${c.dictionary}:${c.attribute}${extra} ${c.operator} ${JSON.stringify(c.value)}`;
}
