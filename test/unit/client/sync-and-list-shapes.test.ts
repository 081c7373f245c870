/**
 * The same check as `connection-shape.test.ts` for the other answers the reader normalizes: an identity
 * sync's details, and the items of both lists. A join point list that is text, a group name that is a
 * number or a connection type that is a number crashed the reader (`map`/`trim`/`split is not a function`)
 * instead of naming what ISE sent (audit of 2026-12-02).
 */
import { apiFailure, harness, ise, resetNock } from './helpers';

afterEach(resetNock);

const SYNC = '/api/v1/duo-identitysync/identitysync/corp-ad';
const wrap = (identitySync: Record<string, unknown>) => ({ response: { identitySync }, version: '1.0.0' });
const list = (response: unknown[]) => ({ response, version: '1.0.0' });

test.each([
  [
    'group list that is text',
    { syncName: 'corp-ad', adGroups: 'VPN Users' },
    '"response.identitySync.adGroups" is a string, not a list',
  ],
  [
    'a group name that is a number',
    { syncName: 'corp-ad', adGroups: [{ name: 5, source: 'CORP_AD' }] },
    '"response.identitySync.adGroups[0].name" is a number, not text',
  ],
  [
    'join points that are text',
    { syncName: 'corp-ad', configurations: { activeDirectories: 'CORP_AD' } },
    '"response.identitySync.configurations.activeDirectories" is a string, not a list',
  ],
  [
    'a join point that is not an object',
    { syncName: 'corp-ad', configurations: { activeDirectories: ['CORP_AD'] } },
    '"response.identitySync.configurations.activeDirectories[0]" is a string, not an object',
  ],
])('an identity sync with a %s', async (_label, sync, problem) => {
  ise().get(SYNC).reply(200, wrap(sync));
  const err = await apiFailure(() => harness().client.getIdentitySync('corp-ad'));
  expect(err.details).toMatchObject({ kind: 'bad-response', status: 200, path: SYNC });
  expect(err.message).toContain(`a body of unexpected shape (${problem} in identity sync "corp-ad")`);
});

test('an identity sync with absent and null members reads as before', async () => {
  ise()
    .get(SYNC)
    .reply(200, wrap({ syncName: 'corp-ad', adGroups: null, configurations: null }));
  expect((await harness().client.getIdentitySync('corp-ad')).syncName).toBe('corp-ad');
});

test.each([
  [
    'Duo connections',
    '/api/v1/duo-mfa/mfa',
    [{ name: 'other', type: 3 }],
    '"response[0].type" is a number, not text',
  ],
  [
    'identity syncs',
    '/api/v1/duo-identitysync/identitysync',
    [{ name: 9 }],
    '"response[0].name" is a number, not text',
  ],
])('a list of %s whose item has a field that is not text', async (what, path, items, problem) => {
  ise().get(path).reply(200, list(items));
  const client = harness().client;
  const err = await apiFailure(() =>
    what === 'Duo connections' ? client.listDuoConnections() : client.listIdentitySyncs(),
  );
  expect(err.details).toMatchObject({ kind: 'bad-response', path });
  expect(err.message).toContain(`a body of unexpected shape (${problem})`);
});
