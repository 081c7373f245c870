/**
 * The read-only policy operations, for both services: the policy-set list and get-by-id, and the
 * library-condition lookups (list, by id, by name). Their data comes from the seed. They are not behind the
 * MFA feature switch: policy sets and conditions exist whether or not Duo MFA is on. Responses are ISE's
 * `{response, version}` wrappers; an unknown id or name answers 404.
 */
import { POLICY_SERVICES, type PolicyService } from '../model/state';
import { notFound, ok } from './http';
import { POLICY_KIND } from './mfa-rule-checks';
import { renderLibraryCondition, renderPolicySet } from './policy-render';
import { API_VERSION, type Route, type RouteContext, route } from './router';

export const policyBase = (service: PolicyService) => `/api/v1/policy/${POLICY_KIND[service]}`;

const wrap = (response: unknown) => ok({ response, version: API_VERSION });

function serviceRoutes(service: PolicyService): Route[] {
  const base = policyBase(service);
  const lookup = (ctx: RouteContext) => (id: string) => ctx.policy.conditionById(service, id);
  const setHref = (ctx: RouteContext, id: string | undefined) => `${ctx.origin}${base}/policy-set/${id}`;
  const conditionHref = (ctx: RouteContext, id: string | undefined) => `${ctx.origin}${base}/condition/${id}`;
  const condition = (
    ctx: RouteContext,
    found: ReturnType<RouteContext['policy']['conditionById']>,
    key: string,
  ) => {
    if (!found) throw notFound(`${POLICY_KIND[service]} library condition ${JSON.stringify(key)}`);
    return wrap(renderLibraryCondition(found, conditionHref(ctx, found.id), lookup(ctx)));
  };
  return [
    route('GET', `${base}/policy-set`, false, (ctx) =>
      wrap(ctx.policy.policySets(service).map((s) => renderPolicySet(s, setHref(ctx, s.id), lookup(ctx)))),
    ),
    route('GET', `${base}/policy-set/:id`, false, (ctx) => {
      const set = ctx.policy.policySet(service, ctx.params[0]);
      return wrap(renderPolicySet(set, setHref(ctx, set.id), lookup(ctx)));
    }),
    route('GET', `${base}/condition`, false, (ctx) =>
      wrap(
        ctx.policy
          .conditions(service)
          .map((c) => renderLibraryCondition(c, conditionHref(ctx, c.id), lookup(ctx))),
      ),
    ),
    route('GET', `${base}/condition/condition-by-name/:name`, false, (ctx) =>
      condition(ctx, ctx.policy.conditionByName(service, ctx.params[0]), ctx.params[0]),
    ),
    route('GET', `${base}/condition/:id`, false, (ctx) =>
      condition(ctx, ctx.policy.conditionById(service, ctx.params[0]), ctx.params[0]),
    ),
  ];
}

export const policySetRoutes: Route[] = POLICY_SERVICES.flatMap(serviceRoutes);
