/**
 * Where the client's calls go: the API prefixes, the policy service's path segment, and the one rule every
 * name or id put in a path follows (one URL-encoded segment, never empty). Shared by the Duo methods and the
 * policy methods so both encode alike, and by the explanations, which tell the APIs apart by prefix.
 */
import { UsageError } from '../errors';
import type { PolicyService } from '../model/state';
import type { WirePolicyKind } from './wire-policy';

export const MFA_PREFIX = '/api/v1/duo-mfa';
export const IDS_PREFIX = '/api/v1/duo-identitysync';
export const POLICY_PREFIX = '/api/v1/policy';
/** ISE's older ERS API, through the API gateway on 443 like the rest (port 9060 without it). */
export const ERS_AD_PATH = '/ers/config/activedirectory';

const POLICY_KIND: Record<PolicyService, WirePolicyKind> = {
  deviceAdmin: 'device-admin',
  networkAccess: 'network-access',
};

/** `/api/v1/policy/device-admin` or `/api/v1/policy/network-access`. */
export function policyBase(service: PolicyService): string {
  const kind = POLICY_KIND[service];
  if (kind === undefined) throw new UsageError(`Unknown policy service "${String(service)}"`);
  return `${POLICY_PREFIX}/${kind}`;
}

/** A name or id as one path segment. Names contain spaces and slashes; an empty one would hit another endpoint. */
export function segment(name: string, what: string): string {
  if (typeof name !== 'string' || name === '') throw new UsageError(`The ${what} is empty`);
  return encodeURIComponent(name);
}
