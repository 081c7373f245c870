/**
 * Policy objects as ISE answers with them: the stored forms plus what ISE adds on the way out. Every
 * condition carries `isNegate`; an attribute test carries `dictionaryValue` (null when unset); a reference
 * carries its library condition's `name` and `description`; rules, policy sets and library conditions carry
 * a self `link`. An unset description is `""` (as ISE answers, per terraform-provider-ise). The only `null`
 * sent is `dictionaryValue`, as real ISE payloads carry it; elsewhere Cisco's schema allows no null, so nested
 * conditions get no `link` (where ISE sends `null`).
 */
import type { WireCondition, WireLink, WirePolicySet, WireRuleMfa } from '../client/wire-policy';

/** A library condition of the same service by id (for a reference's name and description). */
export type LibraryLookup = (id: string) => WireCondition | undefined;

export const selfLink = (href: string): WireLink => ({ href, rel: 'self', type: 'application/json' });

export function renderCondition(c: WireCondition, library: LibraryLookup): WireCondition {
  const out: WireCondition = { ...c, isNegate: c.isNegate ?? false };
  switch (c.conditionType) {
    case 'ConditionReference': {
      const target = library(c.id ?? '');
      return { ...out, name: target?.name ?? '', description: target?.description ?? '' };
    }
    case 'ConditionAttributes':
    case 'LibraryConditionAttributes':
      return { ...out, dictionaryValue: c.dictionaryValue ?? null };
    case 'TimeAndDateCondition':
      return out;
    default:
      return { ...out, children: (c.children ?? []).map((child) => renderCondition(child, library)) };
  }
}

export function renderLibraryCondition(
  c: WireCondition,
  href: string,
  library: LibraryLookup,
): WireCondition {
  return { ...renderCondition(c, library), description: c.description ?? '', link: selfLink(href) };
}

export function renderRule(stored: WireRuleMfa, href: string, library: LibraryLookup): WireRuleMfa {
  const { condition, ...rule } = stored.rule ?? {};
  return {
    ...stored,
    rule: { ...rule, ...(condition ? { condition: renderCondition(condition, library) } : {}) },
    link: selfLink(href),
  };
}

/** ISE lists policy sets with `hitCounts` and `description` always present; Default has no `condition`. */
export function renderPolicySet(set: WirePolicySet, href: string, library: LibraryLookup): WirePolicySet {
  const { condition, ...rest } = set;
  return {
    ...rest,
    description: set.description ?? '',
    hitCounts: 0,
    ...(condition ? { condition: renderCondition(condition, library) } : {}),
    link: selfLink(href),
  };
}
