/**
 * Reads what the plan needs from ISE, in as few round trips as the dependencies allow, by asking every
 * registered kind (`src/resources/registry.ts`) for its part of each round:
 *   1. the feature switch, alone: it is the login test (`src/client/login-gate.ts`), so that a wrong
 *      password costs ISE's lockout count one failed login, not one per request of a round;
 *   2. what does not depend on it (the policy-set list of each service the file's MFA rules use, each
 *      library condition they name), and, if it is on, each kind's lists (connections, identity syncs, the
 *      AD join points when they must be resolved), in parallel;
 *   3. the details of the objects the file names that exist, and the MFA table of each policy set the file
 *      names (a 403 there is an error, not "feature off": see `mfa-rule-read.ts`), in parallel.
 * That is at most 3 + S + C (+1) + services used + policy sets named + library conditions named GETs, three
 * round trips whatever the counts. Only when the plan may delete a Duo connection (prune: true and a live
 * connection the file does not name) does a fourth step read every other MFA table, read-only, to find the
 * rules that still name it (`mfa-rule-read.ts`).
 *
 * Existence is decided from the lists, never from GET-by-name status codes: ISE documents 403 for "not found"
 * as well as for "feature off". A 403 from the lists while the feature is off means "no objects".
 */
import type { IseClient } from '../client/types';
import { ApiError } from '../errors';
import type { LiveState, MfaPolicy, PolicyService } from '../model/state';
import { REGISTRY } from '../resources/registry';
import type { KindRead, ReadScope } from '../resources/resource-spec';
import { libraryNames } from '../resources/rule-condition';
import { redactLiveState, type SecretWatch, watchSecrets } from './held-secrets';
import { watchedClient } from './suspect-answers';

export type { ReadScope } from '../resources/resource-spec';

function isFeatureOff(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

function emptyState(): LiveState {
  return {
    mfa: { enabled: false },
    identitySyncs: [],
    duoConnections: [],
    activeDirectories: [],
    objectsReadable: false,
    fingerprints: {},
    mfaPolicies: [],
    otherMfaPolicies: [],
    policySetIds: {},
    libraryConditionIds: {},
  };
}

/**
 * One round: every kind's part of it at once. A failure is raised only once all of them have settled, so no
 * request of the read is still in flight when the read has ended (the second round sends the lookups, the
 * lists and the join points together, and a bad answer to one must not leave the others running behind it).
 */
type Step = 'first' | 'lookups' | 'list' | 'detail' | 'last';

async function round(reads: KindRead[], ...steps: Step[]): Promise<void> {
  const results = await Promise.allSettled(steps.flatMap((step) => reads.map((r) => r[step]?.())));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The state as the plan may see it: values holding a known secret blanked first, then fingerprinted. */
async function finished(state: LiveState, reads: KindRead[], watch: SecretWatch): Promise<LiveState> {
  await redactLiveState(state, watch);
  for (const r of reads) Object.assign(state.fingerprints, r.fingerprints?.() ?? {});
  return state;
}

/**
 * ISE said the feature is on, then refused a list with 403. Unless the feature was switched off meanwhile
 * (asked again), the account lacks the API role: an error, never "nothing exists" (which would plan creates
 * of objects that exist and report them missing).
 */
async function refusedWhileOn(client: IseClient, err: ApiError): Promise<ApiError | undefined> {
  if (!(await client.getMfaStatus())) return undefined;
  const { method, path } = err.details;
  return new ApiError(
    {
      ...err.details,
      explanation:
        'ISE reports the Duo MFA feature on, so this 403 means the account lacks the API role (RBAC) for Duo ' +
        'MFA. Give it an admin group with Open API access: Super Admin, or ERS Admin for apply (ERS Operator ' +
        'is enough for plan, drift and export), and check that its RBAC policy grants the Duo MFA menu and data.',
    },
    `${method} ${path} answered 403 although ISE reports the Duo MFA feature on: the ISE account lacks the ` +
      'API role to read Duo MFA objects; nothing was assumed missing',
  );
}

export async function readLiveState(reader: IseClient, scope: ReadScope): Promise<LiveState> {
  const state = emptyState();
  const readWarnings: NonNullable<LiveState['readWarnings']> = [];
  const watch = watchSecrets(reader);
  const client = watchedClient(watch.client, readWarnings);
  const reads = REGISTRY.map((spec) => spec.read(client, scope, state));
  await round(reads, 'first');
  if (!state.mfa.enabled) {
    await round(reads, 'lookups');
    return finished(state, reads, watch);
  }
  try {
    await round(reads, 'lookups', 'list');
  } catch (err) {
    if (!isFeatureOff(err)) throw err;
    const refused = await refusedWhileOn(reader, err as ApiError);
    if (refused) throw refused;
    const off = emptyState();
    off.mfa = state.mfa;
    off.policySetIds = state.policySetIds;
    off.libraryConditionIds = state.libraryConditionIds;
    return finished(
      off,
      REGISTRY.map((spec) => spec.read(client, scope, off)),
      watch,
    );
  }
  await round(reads, 'detail');
  await round(reads, 'last');
  state.objectsReadable = true;
  if (readWarnings.length) state.readWarnings = readWarnings;
  return finished(state, reads, watch);
}

/**
 * The scope a desired state needs: the objects it names, join points if it has syncs, the MFA tables of the
 * policy sets it names and the library conditions their rules name.
 */
export function scopeFor(desired: {
  identitySyncs: { name: string }[];
  duoConnections: { name: string; types?: readonly string[] }[];
  mfaPolicies?: MfaPolicy[];
  prune?: boolean;
}): ReadScope {
  const policies = desired.mfaPolicies ?? [];
  const libraries = new Map<string, { service: PolicyService; name: string }>();
  for (const p of policies) {
    for (const r of p.rules) {
      for (const name of libraryNames(r.condition))
        libraries.set(`${p.service}/${name}`, { service: p.service, name });
    }
  }
  return {
    identitySyncs: desired.identitySyncs.map((s) => s.name),
    duoConnections: desired.duoConnections.map((c) => c.name),
    activeDirectories: desired.identitySyncs.length > 0,
    mfaPolicies: policies.map((p) => ({ service: p.service, policySet: p.policySet })),
    libraryConditions: [...libraries.values()],
    prune: desired.prune === true,
    connectionTypes: Object.fromEntries(
      desired.duoConnections.flatMap((c) => (c.types ? [[c.name, c.types]] : [])),
    ),
  };
}
