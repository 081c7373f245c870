/**
 * Audit finding 6: a Duo connection whose keys (or text fields) ISE sends as a number, a list or an object
 * was a crash (`value.trim is not a function`) in every command that reads connections. It is the client's
 * error for a malformed answer (kind 'bad-response'), naming the connection and the field, never the value.
 */
import { readLiveState } from '../../../src/live/read-live-state';
import { apiFailure, harness, ise, resetNock } from './helpers';

afterEach(resetNock);

const PATH = '/api/v1/duo-mfa/mfa/corp-duo';
const ODD_NUMBER = 987650123498;
const ODD_TEXT = 'CANARYODDVALUE-4711';

function connection(account: Record<string, unknown>, own: Record<string, unknown> = {}) {
  return {
    response: {
      mfa: {
        connectionName: 'corp-duo',
        description: 'Duo for VPN',
        identitySync: 'corp-ad',
        type: 'VPN',
        accountConfigurations: {
          apiHostName: 'api-1a2b3c4d.duosecurity.com',
          adminApi: { ikey: 'DIADMINIKEY000000001', sKey: 'admin-skey-0000000000000000000000000001' },
          authenticationApi: {
            ikey: 'DIAUTHIKEY0000000001',
            sKey: 'auth-skey-00000000000000000000000000001',
          },
          ...account,
        },
        ...own,
      },
    },
    version: '1.0.0',
  };
}

describe('a field that is not text', () => {
  test.each([
    [
      'an sKey that is a number',
      connection({ adminApi: { ikey: 'DIADMINIKEY000000001', sKey: ODD_NUMBER } }),
      '"response.mfa.accountConfigurations.adminApi.sKey" is a number, not text',
    ],
    [
      'an sKey that is a list',
      connection({ authenticationApi: { ikey: 'DIAUTHIKEY0000000001', sKey: [ODD_TEXT] } }),
      '"response.mfa.accountConfigurations.authenticationApi.sKey" is a list, not text',
    ],
    [
      'an ikey that is an object',
      connection({ adminApi: { ikey: { value: ODD_TEXT }, sKey: '******' } }),
      '"response.mfa.accountConfigurations.adminApi.ikey" is an object, not text',
    ],
    [
      'a key pair that is a list',
      connection({ adminApi: [ODD_TEXT] }),
      '"response.mfa.accountConfigurations.adminApi" is a list, not an object',
    ],
    [
      'account configurations that are text',
      connection({}, { accountConfigurations: ODD_TEXT }),
      '"response.mfa.accountConfigurations" is a string, not an object',
    ],
    [
      'a description that is a number',
      connection({}, { description: ODD_NUMBER }),
      '"response.mfa.description" is a number, not text',
    ],
    [
      'an API host that is a boolean',
      connection({ apiHostName: true }),
      '"response.mfa.accountConfigurations.apiHostName" is a boolean, not text',
    ],
  ])('%s', async (_label, body, problem) => {
    ise().get(PATH).reply(200, body);
    const err = await apiFailure(() => harness().client.getDuoConnection('corp-duo'));
    expect(err.details).toMatchObject({ kind: 'bad-response', status: 200, method: 'GET', path: PATH });
    expect(err.message).toContain(`a body of unexpected shape (${problem} in Duo connection "corp-duo")`);
    expect(err.message).not.toContain(String(ODD_NUMBER));
    expect(err.message).not.toContain(ODD_TEXT);
  });
});

test('absent and null keys and fields are read as before', async () => {
  ise()
    .get(PATH)
    .reply(
      200,
      connection(
        { adminApi: { ikey: 'DIADMINIKEY000000001', sKey: null }, authenticationApi: null },
        {
          description: null,
        },
      ),
    );
  const wire = await harness().client.getDuoConnection('corp-duo');
  expect(wire.connectionName).toBe('corp-duo');
});

test('the live reader fails with that error, not a crash', async () => {
  ise().get('/api/v1/duo-mfa/status').reply(200, { status: true });
  ise()
    .get('/api/v1/duo-mfa/mfa')
    .reply(200, { response: [{ name: 'corp-duo', type: 'VPN' }], version: '1.0.0' });
  ise().get('/api/v1/duo-identitysync/identitysync').reply(200, { response: [], version: '1.0.0' });
  ise()
    .get(PATH)
    .reply(200, connection({ adminApi: { ikey: 'DIADMINIKEY000000001', sKey: ODD_NUMBER } }));
  const err = await apiFailure(() =>
    readLiveState(harness().client, {
      identitySyncs: [],
      duoConnections: ['corp-duo'],
      activeDirectories: false,
    }),
  );
  expect(err.message).toMatch(
    /^GET \/api\/v1\/duo-mfa\/mfa\/corp-duo failed: 200 OK with a body of unexpected shape \("response\.mfa\.accountConfigurations\.adminApi\.sKey" is a number, not text in Duo connection "corp-duo"\)/,
  );
  expect(err.message).not.toContain(String(ODD_NUMBER));
});
