/**
 * One handler per (kind, action): the call that carries a change out. The map is exhaustive by type, so a
 * new action without a handler does not compile.
 */
import type { IseClient } from '../client/types';
import type { WireIdentitySyncInfo, WireMfaInfoRequest } from '../client/wire-types';
import type { Change, ChangeAction, ResourceKind } from '../model/plan';
import type { ActiveDirectoryRef } from '../model/state';

export type HandlerKey =
  | 'mfa.enable'
  | 'mfa.disable'
  | `${Exclude<ResourceKind, 'mfa'>}.${Exclude<ChangeAction, 'enable' | 'disable'>}`;

export interface HandlerContext {
  client: IseClient;
  /** ISE's AD join points, listed at most once per apply, when a sync body needs a directoryID. */
  activeDirectories(): Promise<Required<ActiveDirectoryRef>[]>;
}

export type Handler = (change: Change, ctx: HandlerContext) => Promise<void>;

/**
 * A sync planned while MFA was off names join points that ISE could not list then. Now that the feature
 * is on (the enable step ran first), fill in directoryID and domain from ISE.
 */
async function resolvedSyncBody(change: Change, ctx: HandlerContext): Promise<WireIdentitySyncInfo> {
  const body = structuredClone(change.body) as WireIdentitySyncInfo;
  const dirs = body.identitySync?.configurations?.activeDirectories ?? [];
  if (dirs.every((d) => d.directoryID)) return body;
  const catalogue = await ctx.activeDirectories();
  for (const d of dirs) {
    if (d.directoryID) continue;
    const found = catalogue.find((c) => c.name === d.name);
    if (!found) {
      throw new Error(
        `identity sync "${change.name}" names AD join point "${d.name}", which ISE does not have ` +
          `(known: ${catalogue.map((c) => c.name).join(', ') || 'none'}). Join it in ISE or fix the file.`,
      );
    }
    d.directoryID = found.directoryID;
    d.domain = found.domain;
  }
  return body;
}

export const handlers = {
  'mfa.enable': (_c, { client }) => client.setMfaEnabled(true),
  'mfa.disable': (_c, { client }) => client.setMfaEnabled(false),
  'identity-sync.create': async (c, ctx) => ctx.client.createIdentitySync(await resolvedSyncBody(c, ctx)),
  'identity-sync.update': async (c, ctx) =>
    ctx.client.updateIdentitySync(c.name, await resolvedSyncBody(c, ctx)),
  'identity-sync.delete': (c, { client }) => client.deleteIdentitySync(c.name),
  'duo-connection.create': (c, { client }) => client.createDuoConnection(c.body as WireMfaInfoRequest),
  'duo-connection.update': (c, { client }) =>
    client.updateDuoConnection(c.name, c.body as WireMfaInfoRequest),
  'duo-connection.delete': (c, { client }) => client.deleteDuoConnection(c.name),
} satisfies Record<HandlerKey, Handler>;

export function handlerFor(change: Change): Handler {
  const handler = (handlers as Record<string, Handler>)[`${change.kind}.${change.action}`];
  if (!handler) throw new Error(`no handler for ${change.kind}.${change.action}`);
  return handler;
}
