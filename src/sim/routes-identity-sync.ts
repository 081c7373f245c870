/**
 * The ten duo-identitysync operations (#9–#18 of the contract). `activedirectories` and `adgroups` are bare
 * arrays read from the seed; the list is `{response: IdentitysyncGetAllInfo[], version}` with `adGroups` as a
 * count; get-by-name is `{response: {identitySync}, version}`. #16/#17 are GETs with side effects (sync runs).
 */
import type { WireIdentitySync, WireIdentitySyncSummary } from '../client/wire-types';
import { notFound, ok } from './http';
import type { SimStore } from './object-store';
import { API_VERSION, type Route, route } from './router';
import { parseSyncUpdate } from './validate';
import { parseIdentitySyncInfo } from './validate-sync';

const BASE = '/api/v1/duo-identitysync';

function summary(sync: WireIdentitySync, store: SimStore): WireIdentitySyncSummary {
  const name = sync.syncName ?? '';
  const out: WireIdentitySyncSummary = {
    name,
    source: 'ActiveDirectory',
    destination: store.destinationOf(name),
    adGroups: sync.adGroups?.length ?? 0,
  };
  if (sync.lastSync !== undefined) out.lastSync = sync.lastSync;
  if (sync.syncStatus !== undefined) out.syncStatus = sync.syncStatus;
  return out;
}

export const identitySyncRoutes: Route[] = [
  route('GET', `${BASE}/activedirectories`, true, ({ store }) =>
    ok(store.directory.joinPoints.map(({ directoryID, domain, name }) => ({ directoryID, domain, name }))),
  ),
  route('GET', `${BASE}/adgroups/:ad`, true, ({ store, params }) => {
    const dir = store.directory.find(params[0]);
    if (!dir) throw notFound(`Active Directory ${JSON.stringify(params[0])}`);
    return ok(dir.groups.map((g) => ({ name: g.name, source: dir.name })));
  }),
  route('GET', `${BASE}/identitysync`, true, ({ store }) =>
    ok({ response: store.listSyncs().map((s) => summary(s, store)), version: API_VERSION }),
  ),
  route('POST', `${BASE}/identitysync`, true, ({ store, body }) => {
    store.createSync(parseIdentitySyncInfo(body));
    // Cisco's spelling, from the spec's 201 description.
    return ok('Successfully created a new IdnetitySync config');
  }),
  route('GET', `${BASE}/identitysync/sync/cancel/:name`, true, ({ runner, params }) => {
    runner.cancel(params[0]);
    return ok('Sync Pending Cancellation');
  }),
  route('GET', `${BASE}/identitysync/sync/:name`, true, ({ runner, params }) => {
    runner.start(params[0]);
    return ok('Sync in progress');
  }),
  // #18 looks like ISE's internal callback for sync results: the body is checked, nothing is stored.
  route('PUT', `${BASE}/identitysync/status/:name`, true, ({ store, body, params }) => {
    store.getSync(params[0]);
    parseSyncUpdate(body);
    return ok('Successfully updated the sync status');
  }),
  route('GET', `${BASE}/identitysync/:name`, true, ({ store, params }) =>
    ok({ response: { identitySync: store.getSync(params[0]) }, version: API_VERSION }),
  ),
  route('PUT', `${BASE}/identitysync/:name`, true, ({ store, body, params }) => {
    store.updateSync(params[0], parseIdentitySyncInfo(body));
    return ok('Successfully updated the identitysync config');
  }),
  // As for connections, an unknown name answers 404 (or 500, `unknownDeleteStatus`) even though the spec
  // declares no 404 for DELETE.
  route('DELETE', `${BASE}/identitysync/:name`, true, ({ store, runner, params }) => {
    store.deleteSync(params[0]);
    runner.forget(params[0]);
    return ok('Successfully deleted the Identitysync config');
  }),
];
