/**
 * Duo connections over real loopback HTTP: the shapes of list/get/write answers and every rule a real ISE
 * enforces on them (duplicates, unknown names, references, body shape, testconnection).
 */
import { connectionBody, errorBody, IDS, KEYS, MFA, syncBody, useSeededSim } from './helpers';

const seeded = useSeededSim({ secrets: 'clear' });
const error = errorBody;

describe('connection CRUD', () => {
  it('lists connections as MfaGetAllInfo summaries', async () => {
    const res = await seeded.http().get(`${MFA}/mfa`);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      response: [
        {
          name: 'corp-duo',
          apiHostName: KEYS.apiHostName,
          identitySync: 'corp-sync',
          provider: 'Duo',
          type: 'VPN,TACACS',
        },
      ],
      version: '1.0.0',
    });
  });

  it('gets a connection double-wrapped, and writes answer JSON strings', async () => {
    const get = await seeded.http().get(`${MFA}/mfa/corp-duo`);
    expect(get.data).toEqual({ response: connectionBody('corp-duo', 'corp-sync'), version: '1.0.0' });
    const put = await seeded
      .http()
      .put(`${MFA}/mfa/corp-duo`, connectionBody('corp-duo', 'corp-sync', { description: 'new' }));
    expect(put.status).toBe(200);
    expect(put.headers['content-type']).toMatch(/^application\/json/);
    expect(put.data).toBe('Successfully updated the Duo-MFA configuration');
    expect((await seeded.http().get(`${MFA}/mfa/corp-duo`)).data.response.mfa.description).toBe('new');
    const del = await seeded.http().delete(`${MFA}/mfa/corp-duo`);
    expect([del.status, del.data]).toEqual([200, 'Successfully deleted the Duo-MFA configuration']);
    expect((await seeded.http().get(`${MFA}/mfa`)).data.response).toEqual([]);
  });

  it('answers create with a JSON string', async () => {
    const res = await seeded.http().post(`${MFA}/mfa`, connectionBody('second', 'corp-sync'), {
      responseType: 'text',
    });
    expect(res.status).toBe(200);
    expect(res.data).toBe('"Duo-MFA configuration created successfully"');
  });

  it('finds names with spaces and slashes when percent-encoded', async () => {
    expect((await seeded.http().post(`${MFA}/mfa`, connectionBody('Duo / VPN', 'corp-sync'))).status).toBe(
      200,
    );
    const res = await seeded.http().get(`${MFA}/mfa/${encodeURIComponent('Duo / VPN')}`);
    expect(res.data.response.mfa.connectionName).toBe('Duo / VPN');
  });
});

describe('connection rules', () => {
  it('refuses a duplicate name with 400', async () => {
    const res = await seeded.http().post(`${MFA}/mfa`, connectionBody('corp-duo', 'corp-sync'));
    expect([res.status, res.data]).toEqual([400, error(400, /already exists/)]);
  });

  it.each([
    ['GET', 'get'],
    ['PUT', 'put'],
    ['DELETE', 'delete'],
  ] as const)('answers %s of an unknown name with 404', async (_label, method) => {
    const res = await seeded.http().request({
      method,
      url: `${MFA}/mfa/nope`,
      data: connectionBody('nope', 'corp-sync'),
    });
    expect([res.status, res.data]).toEqual([404, error(404, /not found/)]);
  });

  it('refuses a connection naming an unknown identity sync', async () => {
    const res = await seeded.http().post(`${MFA}/mfa`, connectionBody('x', 'no-such-sync'));
    expect([res.status, res.data]).toEqual([400, error(400, /no-such-sync.*does not exist/)]);
  });

  it('refuses a rename through PUT (path name ≠ body name)', async () => {
    const res = await seeded.http().put(`${MFA}/mfa/corp-duo`, connectionBody('other', 'corp-sync'));
    expect([res.status, res.data]).toEqual([400, error(400, /does not match the path/)]);
  });

  it.each([
    ['not JSON', '{"mfa": ', /not valid JSON/],
    ['not an object', '[1,2]', /must be a JSON object/],
    ['no mfa wrapper', '{"connectionName":"x"}', /mfa must be a JSON object/],
    ['missing connectionName', '{"mfa":{"type":"VPN"}}', /connectionName is required/],
    [
      'a number for a string',
      '{"mfa":{"connectionName":"x","description":5}}',
      /description must be a string/,
    ],
    ['an unknown type', '{"mfa":{"connectionName":"x","type":"VPN,RADIUS"}}', /unknown value.*RADIUS/],
    [
      'keys of the wrong type',
      '{"mfa":{"connectionName":"x","accountConfigurations":{"adminApi":"k"}}}',
      /adminApi must be a JSON object/,
    ],
  ])('refuses a body with %s with 400', async (_label, body, message) => {
    // Sent as raw text: axios would otherwise re-encode an invalid JSON string as a JSON string.
    const raw = { headers: { 'content-type': 'application/json' }, transformRequest: [(d: string) => d] };
    const res = await seeded.http().post(`${MFA}/mfa`, body, raw);
    expect([res.status, res.data]).toEqual([400, error(400, message)]);
  });

  it('refuses a body of the wrong shape on update as well', async () => {
    const res = await seeded
      .http()
      .put(`${MFA}/mfa/corp-duo`, { mfa: { connectionName: 'corp-duo', type: 'vpn' } });
    expect([res.status, res.data]).toEqual([400, error(400, /unknown value/)]);
  });

  it('keeps the identity sync a connection uses', async () => {
    const res = await seeded.http().delete(`${IDS}/identitysync/corp-sync`);
    expect([res.status, res.data]).toEqual([400, error(400, /used by Duo-MFA configuration "corp-duo"/)]);
    expect((await seeded.http().delete(`${MFA}/mfa/corp-duo`)).status).toBe(200);
    expect((await seeded.http().delete(`${IDS}/identitysync/corp-sync`)).status).toBe(200);
  });
});

describe('testconnection', () => {
  const FAILED = { code: '400', message: 'Failed to verify the Auth and Admin Keys of the Duo Host' };
  const test = (name: string, body?: unknown) =>
    seeded.http().post(`${MFA}/mfa/testconnection/${name}`, body);

  it('tests the stored keys when there is no body or an empty object', async () => {
    for (const body of [undefined, {}]) {
      const res = await test('corp-duo', body);
      expect([res.status, res.data]).toEqual([
        200,
        'Successfully verified the Auth and Admin Keys of the Duo Host',
      ]);
    }
  });

  it('answers 404 for stored keys of an unknown connection', async () => {
    expect((await test('nope')).status).toBe(404);
  });

  it('tests the keys of a body, even for a connection that does not exist yet', async () => {
    expect((await test('future', KEYS)).status).toBe(200);
  });

  it('rejects a key listed in the seed, a bad host, a missing key and the mask', async () => {
    const revoked = {
      ...KEYS,
      adminApi: { ...KEYS.adminApi, sKey: 'REVOKEDSECRET0000000000000000000000000000' },
    };
    const revokedIkey = {
      ...KEYS,
      authenticationApi: { ...KEYS.authenticationApi, ikey: 'DIREVOKED00000000000' },
    };
    const badHost = { ...KEYS, apiHostName: 'duo.example.com' };
    const noKey = { apiHostName: KEYS.apiHostName, adminApi: KEYS.adminApi };
    const masked = { ...KEYS, adminApi: { ...KEYS.adminApi, sKey: '******' } };
    for (const body of [revoked, revokedIkey, badHost, masked]) {
      const res = await test('future', body);
      expect([res.status, res.data]).toEqual([400, FAILED]);
    }
    expect((await test('future', noKey)).data).toEqual(FAILED);
  });

  it('fills the parts a body leaves out from the stored connection', async () => {
    expect((await test('corp-duo', { apiHostName: 'api-99999999.duofederal.com' })).status).toBe(200);
    expect((await test('corp-duo', { apiHostName: 'api.evil.example' })).status).toBe(400);
  });

  it('refuses a body of the wrong shape', async () => {
    const res = await test('corp-duo', { apiHostName: 42 });
    expect([res.status, res.data]).toEqual([400, error(400, /apiHostName must be a string/)]);
  });
});

it('answers an unknown /api path with 404 and a wrong method with 405, both with the Error body', async () => {
  const unknown = await seeded.http().get(`${MFA}/nothing/here`);
  expect([unknown.status, unknown.data]).toEqual([404, error(404, /No API operation/)]);
  const wrong = await seeded.http().patch(`${MFA}/mfa`, {});
  expect([wrong.status, wrong.data.code, wrong.headers.allow]).toEqual([405, '405', 'GET, POST']);
  // The simulator is still alive and well afterwards.
  expect((await seeded.http().get(`${IDS}/identitysync`)).status).toBe(200);
  expect((await seeded.http().post(`${IDS}/identitysync`, syncBody('after'))).status).toBe(200);
});
