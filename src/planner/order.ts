/**
 * The order changes run in. Creates and updates follow the dependencies (the feature switch, then identity
 * syncs, then the connections that name them); deletes run in reverse (connections, then syncs), and
 * disabling MFA comes last. Within a phase, by name, so equal inputs always give the same plan.
 */
import type { Change } from '../model/plan';

function phase(change: Change): number {
  if (change.kind === 'mfa') return change.action === 'enable' ? 0 : 5;
  const del = change.action === 'delete';
  if (change.kind === 'identity-sync') return del ? 4 : 1;
  return del ? 3 : 2;
}

export function orderChanges(changes: Change[]): Change[] {
  return [...changes].sort((a, b) => phase(a) - phase(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
