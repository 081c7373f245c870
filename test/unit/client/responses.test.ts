/**
 * Every response shape ISE uses, per endpoint: what each method returns, and that the write answers (plain
 * text, JSON strings, empty bodies, 201/204) are all success without the body being read.
 */
import { harness, ise, resetNock } from './helpers';

const MFA = '/api/v1/duo-mfa';
const IDS = '/api/v1/duo-identitysync';

afterEach(resetNock);

describe('reads: each endpoint unwraps its own shape', () => {
  test('status is a bare {status}', async () => {
    ise().get(`${MFA}/status`).reply(200, { status: false });
    expect(await harness().client.getMfaStatus()).toBe(false);
  });

  test('connection list is {response, version}', async () => {
    const item = {
      name: 'corp duo',
      apiHostName: 'api-1.duosecurity.com',
      provider: 'Duo',
      type: 'VPN,TACACS',
    };
    ise()
      .get(`${MFA}/mfa`)
      .reply(200, { response: [item], version: '1.0.0' });
    expect(await harness().client.listDuoConnections()).toEqual([item]);
  });

  test('connection get-by-name is double wrapped: response.mfa', async () => {
    const mfa = { connectionName: 'corp duo', type: 'VPN', accountConfigurations: { apiHostName: 'h' } };
    ise().get(`${MFA}/mfa/corp%20duo`).reply(200, { response: { mfa }, version: '1.0.0' });
    expect(await harness().client.getDuoConnection('corp duo')).toEqual(mfa);
  });

  test('identity sync list is {response, version}; adGroups is a count there', async () => {
    const item = { name: 'AD sync', adGroups: 3, syncStatus: 'Success' };
    ise()
      .get(`${IDS}/identitysync`)
      .reply(200, { response: [item], version: '1.0.0' });
    expect(await harness().client.listIdentitySyncs()).toEqual([item]);
  });

  test('identity sync get-by-name is double wrapped: response.identitySync', async () => {
    const identitySync = { syncName: 'AD sync', adGroups: [{ name: 'x.local/Users/Admins', source: 'AD1' }] };
    ise().get(`${IDS}/identitysync/AD%20sync`).reply(200, { response: { identitySync }, version: '1.0.0' });
    expect(await harness().client.getIdentitySync('AD sync')).toEqual(identitySync);
  });

  test('active directories is a bare array', async () => {
    const ads = [
      { directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6', domain: 'STARK.LOCAL', name: 'STARK_AD' },
    ];
    ise().get(`${IDS}/activedirectories`).reply(200, ads);
    expect(await harness().client.listActiveDirectories()).toEqual(ads);
  });

  test('AD groups is a bare array', async () => {
    const groups = [{ name: 'stark.local/Users/Domain Admins', source: 'STARK_AD' }];
    ise().get(`${IDS}/adgroups/f2c4a590`).reply(200, groups);
    expect(await harness().client.listAdGroups('f2c4a590')).toEqual(groups);
  });

  test('an empty list is an empty array', async () => {
    ise().get(`${MFA}/mfa`).reply(200, { response: [], version: '1.0.0' });
    expect(await harness().client.listDuoConnections()).toEqual([]);
  });
});

describe('writes: any 2xx is success, the body is opaque', () => {
  const body = { mfa: { connectionName: 'c' } };

  test.each([
    ['plain text 200', 200, 'Duo-MFA configuration created successfully', { 'Content-Type': 'text/plain' }],
    [
      'JSON string 201',
      201,
      '"Duo-MFA configuration created successfully"',
      { 'Content-Type': 'application/json' },
    ],
    ['empty 200 claiming JSON', 200, '', { 'Content-Type': 'application/json' }],
    ['HTML 202', 202, '<html>ok</html>', { 'Content-Type': 'text/html' }],
  ])('create with %s resolves', async (_label, status, reply, headers) => {
    ise().post(`${MFA}/mfa`).reply(status, reply, headers);
    await expect(harness().client.createDuoConnection(body)).resolves.toBeUndefined();
  });

  test('delete with 204 and no body resolves', async () => {
    ise().delete(`${IDS}/identitysync/s1`).reply(204);
    await expect(harness().client.deleteIdentitySync('s1')).resolves.toBeUndefined();
  });

  test('enable with a JSON-string body resolves', async () => {
    ise().put(`${MFA}/enable`).reply(200, '"MFA feature enabled status"');
    await expect(harness().client.setMfaEnabled(true)).resolves.toBeUndefined();
  });
});

describe('side-effect GETs return the message', () => {
  test('startSync unquotes a JSON string', async () => {
    ise()
      .get(`${IDS}/identitysync/sync/s1`)
      .reply(200, '"Sync in progress"', { 'Content-Type': 'application/json' });
    expect(await harness().client.startSync('s1')).toBe('Sync in progress');
  });

  test('cancelSync keeps plain text', async () => {
    ise().get(`${IDS}/identitysync/sync/cancel/s1`).reply(200, 'Sync Pending Cancellation', {
      'Content-Type': 'text/plain',
    });
    expect(await harness().client.cancelSync('s1')).toBe('Sync Pending Cancellation');
  });
});

describe('connection test', () => {
  test('2xx is ok with the message', async () => {
    ise()
      .post(`${MFA}/mfa/testconnection/c1`)
      .reply(200, '"Successfully verified the Auth and Admin Keys of the Duo Host"');
    expect(await harness().client.testDuoConnection('c1')).toEqual({
      ok: true,
      status: 200,
      message: 'Successfully verified the Auth and Admin Keys of the Duo Host',
    });
  });

  test('400 with an ISE error body is a negative answer, not an exception', async () => {
    ise().post(`${MFA}/mfa/testconnection/c1`).reply(400, { code: 400, message: 'Invalid admin keys' });
    expect(await harness().client.testDuoConnection('c1')).toEqual({
      ok: false,
      status: 400,
      message: 'Invalid admin keys',
    });
  });

  test('401 is still an ApiError', async () => {
    ise().post(`${MFA}/mfa/testconnection/c1`).reply(401);
    await expect(harness().client.testDuoConnection('c1')).rejects.toMatchObject({
      details: { status: 401 },
    });
  });
});
