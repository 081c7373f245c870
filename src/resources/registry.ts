/**
 * The registered resource kinds, in dependency order: the one list of kinds. The planner, the live reader,
 * the executor's handlers and the renderers iterate over it; none of them names a kind.
 *
 * The order is the dependency order of writes: a kind's creates and updates run after those of the kinds
 * above it (the feature switch first, then the syncs that connections name, then the connections that MFA
 * rules name, then the rules), and its deletes run before the deletes of the kinds above it, in reverse
 * (rules, then connections, then syncs; MFA off last).
 */
import type { ResourceKind } from '../model/plan';
import { duoConnectionSpec } from './duo-connection-spec';
import { identitySyncSpec } from './identity-sync-spec';
import { mfaSpec } from './mfa';
import { mfaRuleSpec } from './mfa-rule-spec';
import type { AnySpec, RegisteredSpec } from './resource-spec';

const SPECS = [mfaSpec, identitySyncSpec, duoConnectionSpec, mfaRuleSpec] as const;

export const REGISTRY: readonly AnySpec[] = SPECS;

/** Every kind of the Change union is registered: a kind missing from SPECS fails to compile here. */
type Missing = Exclude<ResourceKind, (typeof SPECS)[number]['kind']>;
const allRegistered: [Missing] extends [never] ? true : Missing = true;
void allRegistered;

const byKind = new Map<ResourceKind, AnySpec>(REGISTRY.map((s) => [s.kind, s]));

/** The spec of a kind. */
export function specOf<K extends ResourceKind>(kind: K): RegisteredSpec<K> {
  // The map is built from the registry, whose entries are keyed by their own kind.
  return byKind.get(kind) as unknown as RegisteredSpec<K>;
}

/** The position of a kind in the dependency order (0 = first to be written). */
export function dependencyRank(kind: ResourceKind): number {
  return REGISTRY.findIndex((s) => s.kind === kind);
}
