/**
 * What sits in front of every operation: HTTP Basic auth, the MFA feature switch (403 while disabled, objects
 * hidden but kept), the secrets modes of GET, and the seed lookups (activedirectories, adgroups).
 */
import type { RunningSimulator } from '../../../src/sim/index';
import {
  AUTH,
  CORP_AD,
  client,
  connectionBody,
  IDS,
  KEYS,
  MFA,
  seedObjects,
  startTestSim,
  syncBody,
  VPN_USERS,
} from './helpers';

const DISABLED = { code: '403', message: 'The specified resource was not found / MFA feature is disabled' };

describe('basic auth', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.stop());

  it.each([
    ['no credentials', null],
    ['a wrong password', { username: AUTH.username, password: 'wrong' }],
    ['a wrong username', { username: 'root', password: AUTH.password }],
  ])('answers 401 to %s, on every /api route', async (_label, auth) => {
    const http = client(sim, auth);
    for (const path of [`${MFA}/status`, `${MFA}/mfa`, `${IDS}/activedirectories`, `${IDS}/identitysync/x`]) {
      const res = await http.get(path);
      expect([res.status, res.data]).toEqual([401, { code: '401', message: 'Unauthorized' }]);
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    }
  });

  it('does not change state for an unauthenticated write', async () => {
    await client(sim, null).put(`${MFA}/enable`, { mfa: { status: true } });
    expect(sim.snapshot().mfaEnabled).toBe(false);
  });

  it('answers the status with the right credentials, and echoes X-Request-ID', async () => {
    const res = await client(sim).get(`${MFA}/status`, { headers: { 'X-Request-ID': 'req-42' } });
    expect([res.status, res.data, res.headers['x-request-id']]).toEqual([200, { status: false }, 'req-42']);
  });
});

describe('MFA feature switch', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.stop());

  const gated: Array<[string, string, unknown?]> = [
    ['get', `${MFA}/mfa`],
    ['post', `${MFA}/mfa`, connectionBody('c', 's')],
    ['get', `${MFA}/mfa/corp-duo`],
    ['put', `${MFA}/mfa/corp-duo`, connectionBody('corp-duo', 'corp-sync')],
    ['delete', `${MFA}/mfa/corp-duo`],
    ['post', `${MFA}/mfa/testconnection/corp-duo`, KEYS],
    ['get', `${IDS}/activedirectories`],
    ['get', `${IDS}/adgroups/CORP_AD`],
    ['get', `${IDS}/identitysync`],
    ['post', `${IDS}/identitysync`, syncBody('s')],
    ['get', `${IDS}/identitysync/corp-sync`],
    ['put', `${IDS}/identitysync/corp-sync`, syncBody('corp-sync')],
    ['delete', `${IDS}/identitysync/corp-sync`],
    ['get', `${IDS}/identitysync/sync/corp-sync`],
    ['get', `${IDS}/identitysync/sync/cancel/corp-sync`],
    ['put', `${IDS}/identitysync/status/corp-sync`, { status: 'SUCCESS' }],
  ];

  it('answers 403 on every connection and identity-sync endpoint while disabled, and hides but keeps objects', async () => {
    const http = client(sim);
    await seedObjects(http);
    const before = sim.snapshot();
    expect((await http.put(`${MFA}/enable`, { mfa: { status: false } })).data).toBe('MFA feature disabled');
    expect((await http.get(`${MFA}/status`)).data).toEqual({ status: false });
    for (const [method, url, data] of gated) {
      const res = await http.request({ method, url, data });
      expect([method, url, res.status, res.data]).toEqual([method, url, 403, DISABLED]);
    }
    expect(sim.snapshot()).toEqual({ ...before, mfaEnabled: false });
    expect((await http.put(`${MFA}/enable`, { mfa: { status: true } })).data).toBe('MFA feature enabled');
    expect((await http.get(`${MFA}/mfa`)).data.response.map((c: { name: string }) => c.name)).toEqual([
      'corp-duo',
    ]);
  });

  it.each([
    ['no body', undefined],
    ['no mfa', { status: true }],
    ['a string status', { mfa: { status: 'true' } }],
  ])('refuses an enable body with %s', async (_label, body) => {
    const res = await client(sim).put(`${MFA}/enable`, body);
    expect([res.status, res.data.code]).toEqual([400, '400']);
  });

  it('takes the initial switch from the options over the seed', async () => {
    const on = await startTestSim({ mfaEnabled: true });
    try {
      expect((await client(on).get(`${MFA}/status`)).data).toEqual({ status: true });
    } finally {
      await on.stop();
    }
  });
});

describe.each([
  ['masked', { ikey: KEYS.adminApi.ikey, sKey: '******' }],
  ['clear', KEYS.adminApi],
  ['omitted', { ikey: KEYS.adminApi.ikey }],
] as const)('secrets mode %s', (mode, expectedAdmin) => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim({ secrets: mode });
    await seedObjects(client(sim));
  });
  afterAll(() => sim.stop());

  it('renders sKey accordingly on GET, ikeys always in clear, while the store keeps the secret', async () => {
    const mfa = (await client(sim).get(`${MFA}/mfa/corp-duo`)).data.response.mfa;
    expect(mfa.accountConfigurations.adminApi).toEqual(expectedAdmin);
    expect(mfa.accountConfigurations.authenticationApi.ikey).toBe(KEYS.authenticationApi.ikey);
    expect(sim.snapshot().connections[0].accountConfigurations).toEqual(KEYS);
    // The list summary never carries keys, whatever the mode.
    expect(JSON.stringify((await client(sim).get(`${MFA}/mfa`)).data)).not.toMatch(/ikey|sKey/);
  });
});

describe('seed lookups', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim({ mfaEnabled: true });
  });
  afterAll(() => sim.stop());

  it('lists the join points as a bare array', async () => {
    const res = await client(sim).get(`${IDS}/activedirectories`);
    expect(res.data).toEqual([
      CORP_AD,
      { name: 'LAB_AD', directoryID: '0b7e5c1a-d0f7-11ee-9fe9-4ed55d83a1a6', domain: 'lab.example.com' },
    ]);
  });

  it('lists a join point groups by directoryID or by name, as a bare [{name, source}] array', async () => {
    const byId = await client(sim).get(`${IDS}/adgroups/${CORP_AD.directoryID}`);
    const byName = await client(sim).get(`${IDS}/adgroups/CORP_AD`);
    expect(byId.data).toEqual(byName.data);
    expect(byId.data).toContainEqual({ name: VPN_USERS, source: 'CORP_AD' });
    expect(byId.data).toHaveLength(3);
  });

  it('answers 404 for an unknown join point', async () => {
    const res = await client(sim).get(`${IDS}/adgroups/NOPE`);
    expect([res.status, res.data.code]).toEqual([404, '404']);
  });
});
