/**
 * What an MFA rule body must hold beyond its shape, given the rest of ISE: an ordinary rule needs a
 * condition, a Duo connection whose `type` serves the policy service, and both actions; only ISE's own Default
 * rule says `default: true`, and it keeps its name, its last rank and its (absent) condition.
 */
import { type PolicyService, SERVICE_CONNECTION_TYPE } from '../model/state';
import { badRequest } from './http';
import type { SimStore } from './object-store';
import type { RuleRequest } from './validate-policy';

export const POLICY_KIND: Record<PolicyService, string> = {
  deviceAdmin: 'device-admin',
  networkAccess: 'network-access',
};
export const DEFAULT_NAME = 'Default';
/** The action values the simulator accepts (the spec's examples; ISE declares no enum: a choice). */
export const MFA_ACTIONS = ['ACCEPT', 'REJECT'];

function checkConnection(objects: SimStore, service: PolicyService, name: string | undefined): void {
  if (name === undefined) throw badRequest('mfaConnectionName, must not be null');
  const conn = objects.findConnection(name);
  if (!conn) throw badRequest(`mfaConnectionName, no Duo connection is named ${JSON.stringify(name)}`);
  const needed = SERVICE_CONNECTION_TYPE[service];
  const types = (conn.type ?? '').split(',').map((t) => t.trim());
  if (!types.includes(needed)) {
    throw badRequest(
      `mfaConnectionName, Duo connection ${JSON.stringify(name)} has type ${JSON.stringify(conn.type ?? '')}; a ${POLICY_KIND[service]} MFA rule needs one whose type includes ${needed}`,
    );
  }
}

function checkActions(request: RuleRequest, required: boolean): void {
  for (const key of ['mfaResultAction', 'mfaFailAction'] as const) {
    const value = request.body[key];
    if (value === undefined && !required) continue;
    if (value === undefined) throw badRequest(`${key}, must not be null`);
    if (!MFA_ACTIONS.includes(value)) {
      throw badRequest(`${key}, ${JSON.stringify(value)} is not one of ${MFA_ACTIONS.join(', ')}`);
    }
  }
}

/** The checks of an ordinary (not Default) rule: condition, connection and actions all required. */
export function checkRule(objects: SimStore, service: PolicyService, request: RuleRequest): void {
  if (request.isDefault === true) {
    throw badRequest('rule.default, Default rule setting cannot be modified (only ISE has a Default rule)');
  }
  if (!request.body.rule?.condition) throw badRequest('rule.condition, must not be null');
  checkConnection(objects, service, request.body.mfaConnectionName);
  checkActions(request, true);
}

/** The Default rule takes new Duo settings and state, but keeps its name, rank and (absent) condition. */
export function checkDefaultUpdate(
  objects: SimStore,
  service: PolicyService,
  request: RuleRequest,
  rank: number,
): void {
  if (request.body.rule?.name !== DEFAULT_NAME)
    throw badRequest('rule.name, the Default rule cannot be renamed');
  if (request.isDefault === false) throw badRequest('rule.default, Default rule setting cannot be modified');
  if (request.body.rule.condition) throw badRequest('rule.condition, the Default rule has no condition');
  if (request.rank !== undefined && request.rank !== rank) {
    throw badRequest(`rule.rank, the Default rule cannot be moved: it always has the last rank (${rank})`);
  }
  if (request.body.mfaConnectionName !== undefined)
    checkConnection(objects, service, request.body.mfaConnectionName);
  checkActions(request, false);
}
