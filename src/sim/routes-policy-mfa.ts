/**
 * The MFA-rule operations of a policy set, for both services: list, create, get, update, delete and
 * reset-hitcount. Behind the MFA feature switch (403 while Duo MFA is off), like the duo-mfa operations.
 * POST and PUT answer `{response: RuleMfa, version}` (the new id at `response.rule.id`), DELETE answers
 * `{id}`, reset-hitcount `{message}`. Every rule ISE enforces is the policy store's.
 */
import type { WireRuleMfa } from '../client/wire-policy';
import { POLICY_SERVICES, type PolicyService } from '../model/state';
import { ok } from './http';
import { renderRule } from './policy-render';
import { API_VERSION, type Route, type RouteContext, route } from './router';
import { policyBase } from './routes-policy-sets';

const wrap = (response: unknown) => ok({ response, version: API_VERSION });

/**
 * The seed switch `rulesAnswerConnectionHost`, the other answer to open question 3: the rule's
 * `mfaConnectionName` answered as the named connection's Duo API host name. Writes still take the name.
 */
function answeredConnection(ctx: RouteContext, rule: WireRuleMfa): WireRuleMfa {
  const objects = ctx.policy.objects;
  if (!objects.directory.rulesAnswerConnectionHost || !rule.mfaConnectionName) return rule;
  const host = objects.findConnection(rule.mfaConnectionName)?.accountConfigurations?.apiHostName;
  return host ? { ...rule, mfaConnectionName: host } : rule;
}

function serviceRoutes(service: PolicyService): Route[] {
  const mfa = `${policyBase(service)}/policy-set/:id/mfa`;
  const render = (ctx: RouteContext, rule: WireRuleMfa) => {
    const href = `${ctx.origin}${policyBase(service)}/policy-set/${ctx.params[0]}/mfa/${rule.rule?.id}`;
    return renderRule(answeredConnection(ctx, rule), href, (id) => ctx.policy.conditionById(service, id));
  };
  return [
    route('GET', mfa, true, (ctx) =>
      wrap(ctx.policy.rules(service, ctx.params[0]).map((r) => render(ctx, r))),
    ),
    route('POST', mfa, true, (ctx) =>
      wrap(render(ctx, ctx.policy.createRule(service, ctx.params[0], ctx.body))),
    ),
    route('POST', `${mfa}/reset-hitcount`, true, (ctx) => {
      ctx.policy.resetHitCounts(service, ctx.params[0]);
      return ok({ message: 'Success' });
    }),
    route('GET', `${mfa}/:ruleId`, true, (ctx) =>
      wrap(render(ctx, ctx.policy.rule(service, ctx.params[0], ctx.params[1]))),
    ),
    route('PUT', `${mfa}/:ruleId`, true, (ctx) =>
      wrap(render(ctx, ctx.policy.updateRule(service, ctx.params[0], ctx.params[1], ctx.body))),
    ),
    route('DELETE', `${mfa}/:ruleId`, true, (ctx) => {
      ctx.policy.deleteRule(service, ctx.params[0], ctx.params[1]);
      return ok({ id: ctx.params[1] });
    }),
  ];
}

export const policyMfaRoutes: Route[] = POLICY_SERVICES.flatMap(serviceRoutes);
