/**
 * The client's policy methods (issue #11): policy sets, the MFA rules of a policy set, and library conditions,
 * for both policy services (`device-admin` for TACACS+, `network-access` for RADIUS). Kept apart from the Duo
 * methods in `ise-client.ts` because they are a second API with its own document
 * (`cisco-ise-open-api-policy.yaml`) and its own response shapes, coded explicitly per endpoint:
 * - lists are `{response: [...], version}`;
 * - POST of a rule answers `{response: RuleMfa, version}`, the new id at `response.rule.id`;
 * - PUT and DELETE answers (`{response}`, `{id}`, or no body at all for 201/204) are opaque: any 2xx is success;
 * - condition-by-name is `{response: Condition, version}`, and a JSON 404 means "no such condition" (null).
 * Retries, the read-only gate and outcome-unknown marking come from `request.ts` through each call's kind.
 */
import type { PolicyService } from '../model/state';
import { looksLikeHtml } from './failures';
import type { RawResponse } from './http';
import { policyBase, segment } from './paths';
import { call, type Engine } from './request';
import { createdRuleShape, listShape, readJson, responseShape, type ShapeCheck } from './responses';
import type { IseClient } from './types';
import type { WireCondition, WirePolicySet, WireRuleMfa } from './wire-policy';

type PolicyMethods = Pick<
  IseClient,
  | 'listPolicySets'
  | 'listMfaRules'
  | 'createMfaRule'
  | 'updateMfaRule'
  | 'deleteMfaRule'
  | 'getLibraryCondition'
  | 'listLibraryConditions'
>;

/** ISE's "no such condition": a 404 from the API itself, not an HTML 404 page from a proxy or a wrong URL. */
function isNotFound(response: RawResponse): boolean {
  return response.status === 404 && !looksLikeHtml(response.contentType, response.body);
}

export function policyMethods(engine: Engine): PolicyMethods {
  const read = async <T>(path: string, purpose: string, shape: ShapeCheck<T>): Promise<T> => {
    const { response, context } = await call(engine, { kind: 'read', method: 'GET', path, purpose });
    return readJson(context, response, shape);
  };
  const rules = (service: PolicyService, policySetId: string) =>
    `${policyBase(service)}/policy-set/${segment(policySetId, 'policy set id')}/mfa`;
  const rule = (service: PolicyService, policySetId: string, ruleId: string) =>
    `${rules(service, policySetId)}/${segment(ruleId, 'MFA rule id')}`;

  return {
    listPolicySets: (service) =>
      read(`${policyBase(service)}/policy-set`, 'listing policy sets', listShape<WirePolicySet>()),

    listMfaRules: (service, policySetId) =>
      read(rules(service, policySetId), 'listing MFA rules', listShape<WireRuleMfa>()),

    createMfaRule: async (service, policySetId, body) => {
      const path = rules(service, policySetId);
      const purpose = 'creating an MFA rule';
      const { response, context } = await call(engine, {
        kind: 'write',
        method: 'POST',
        path,
        body,
        purpose,
      });
      // ISE took the rule; an answer without its id is still an error, but one after which the rule may exist.
      return readJson(context, response, createdRuleShape<WireRuleMfa>(), true);
    },

    updateMfaRule: async (service, policySetId, ruleId, body) => {
      const path = rule(service, policySetId, ruleId);
      await call(engine, { kind: 'write', method: 'PUT', path, body, purpose: 'updating an MFA rule' });
    },

    deleteMfaRule: async (service, policySetId, ruleId) => {
      const path = rule(service, policySetId, ruleId);
      await call(engine, { kind: 'write', method: 'DELETE', path, purpose: 'deleting an MFA rule' });
    },

    getLibraryCondition: async (service, name) => {
      const path = `${policyBase(service)}/condition/condition-by-name/${segment(name, 'library condition name')}`;
      const { response, context } = await call(engine, {
        kind: 'read',
        method: 'GET',
        path,
        purpose: 'reading a library condition',
        isAnswer: isNotFound,
      });
      if (isNotFound(response)) return null;
      return readJson(context, response, responseShape<WireCondition>());
    },

    listLibraryConditions: (service) =>
      read(`${policyBase(service)}/condition`, 'listing library conditions', listShape<WireCondition>()),
  };
}
