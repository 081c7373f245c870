/**
 * Identity syncs over real loopback HTTP: list/get shapes, references resolved against the seed's join points
 * and groups, server-owned fields, body shape checks, and #18 (status callback) storing nothing.
 */
import { CORP_AD, errorBody, IDS, MFA, syncBody, useSeededSim, VPN_USERS, VPN_USERS_SID } from './helpers';

const seeded = useSeededSim();
const error = errorBody;

describe('identity sync CRUD', () => {
  it('lists syncs with adGroups as a count and the connection using each as destination', async () => {
    await seeded.http().post(`${IDS}/identitysync`, syncBody('unused', { adGroups: [] }));
    const res = await seeded.http().get(`${IDS}/identitysync`);
    expect(res.data).toEqual({
      response: [
        { name: 'corp-sync', source: 'ActiveDirectory', destination: 'corp-duo', adGroups: 1 },
        { name: 'unused', source: 'ActiveDirectory', destination: '', adGroups: 0 },
      ],
      version: '1.0.0',
    });
  });

  it('gets a sync double-wrapped, with each group sid filled from the seed', async () => {
    const res = await seeded.http().get(`${IDS}/identitysync/corp-sync`);
    expect(res.data).toEqual({
      response: {
        identitySync: {
          syncName: 'corp-sync',
          configurations: { activeDirectories: [CORP_AD] },
          adGroups: [{ name: VPN_USERS, source: 'CORP_AD', sid: VPN_USERS_SID }],
          syncSchedule: { schedulerSync: 'none' },
        },
      },
      version: '1.0.0',
    });
  });

  it('ignores a client-sent sid, lastSync and syncStatus', async () => {
    const body = syncBody('mine', {
      adGroups: [{ name: VPN_USERS, source: 'CORP_AD', sid: 'S-1-forged' }],
      lastSync: '2020-01-01T00:00:00',
      syncStatus: 'Success',
    });
    expect((await seeded.http().post(`${IDS}/identitysync`, body)).data).toBe(
      'Successfully created a new IdnetitySync config',
    );
    const sync = (await seeded.http().get(`${IDS}/identitysync/mine`)).data.response.identitySync;
    expect(sync.adGroups[0].sid).toBe(VPN_USERS_SID);
    expect(sync).not.toHaveProperty('lastSync');
    expect(sync).not.toHaveProperty('syncStatus');
  });

  it('updates and deletes, answering JSON strings', async () => {
    const schedule = {
      schedulerSync: 'recurring',
      interval: 2,
      intervalUnit: 'hours',
      startDate: '2026-01-01T09:00:00',
    };
    const put = await seeded
      .http()
      .put(`${IDS}/identitysync/corp-sync`, syncBody('corp-sync', { syncSchedule: schedule }));
    expect([put.status, put.data]).toEqual([200, 'Successfully updated the identitysync config']);
    expect(
      (await seeded.http().get(`${IDS}/identitysync/corp-sync`)).data.response.identitySync.syncSchedule,
    ).toEqual(schedule);
    await seeded.http().delete(`${MFA}/mfa/corp-duo`);
    const del = await seeded.http().delete(`${IDS}/identitysync/corp-sync`);
    expect([del.status, del.data]).toEqual([200, 'Successfully deleted the Identitysync config']);
  });

  it('matches the domain ignoring case, and accepts a join point given by name only', async () => {
    const body = syncBody('upper', {
      configurations: { activeDirectories: [{ ...CORP_AD, domain: 'CORP.EXAMPLE.COM' }] },
    });
    expect((await seeded.http().post(`${IDS}/identitysync`, body)).status).toBe(200);
    const byName = syncBody('by-name', { configurations: { activeDirectories: [{ name: 'CORP_AD' }] } });
    expect((await seeded.http().post(`${IDS}/identitysync`, byName)).status).toBe(200);
  });
});

describe('identity sync rules', () => {
  const post = (body: unknown) => seeded.http().post(`${IDS}/identitysync`, body);

  it('refuses a duplicate name', async () => {
    expect((await post(syncBody('corp-sync'))).data).toEqual(error(400, /already exists/));
  });

  it.each(['get', 'put', 'delete'] as const)('answers %s of an unknown name with 404', async (method) => {
    const res = await seeded
      .http()
      .request({ method, url: `${IDS}/identitysync/nope`, data: syncBody('nope') });
    expect([res.status, res.data]).toEqual([404, error(404, /not found/)]);
  });

  it.each([
    [
      'an unknown join point',
      { activeDirectories: [{ name: 'NOPE_AD' }] },
      /Unknown Active Directory join point "NOPE_AD"/,
    ],
    [
      'a wrong directoryID',
      { activeDirectories: [{ ...CORP_AD, directoryID: 'x' }] },
      /directoryID "x" does not match/,
    ],
    [
      'a wrong domain',
      { activeDirectories: [{ ...CORP_AD, domain: 'lab.example.com' }] },
      /domain .* does not match/,
    ],
  ])('refuses %s', async (_label, configurations, message) => {
    const res = await post(syncBody('bad', { configurations }));
    expect([res.status, res.data]).toEqual([400, error(400, message)]);
  });

  it.each([
    [
      'a group not in the join point',
      [{ name: 'lab.example.com/Users/Lab Admins', source: 'CORP_AD' }],
      /not a group of CORP_AD/,
    ],
    [
      'a group from a join point the sync does not use',
      [{ name: 'lab.example.com/Users/Lab Admins', source: 'LAB_AD' }],
      /not one of this sync's activeDirectories/,
    ],
    [
      'a group listed twice',
      [
        { name: VPN_USERS, source: 'CORP_AD' },
        { name: VPN_USERS, source: 'CORP_AD' },
      ],
      /listed twice/,
    ],
  ])('refuses %s', async (_label, adGroups, message) => {
    const res = await post(syncBody('bad', { adGroups }));
    expect([res.status, res.data]).toEqual([400, error(400, message)]);
  });

  it.each([
    ['no identitySync wrapper', { syncName: 'x' }, /identitySync must be a JSON object/],
    ['missing syncName', { identitySync: { adGroups: [] } }, /syncName is required/],
    ['adGroups not an array', syncBody('x', { adGroups: 'all' }), /adGroups must be an array/],
    [
      'a bad schedulerSync',
      syncBody('x', { syncSchedule: { schedulerSync: 'Recurring' } }),
      /schedulerSync must be one of none, recurring/,
    ],
    [
      'a bad intervalUnit',
      syncBody('x', { syncSchedule: { schedulerSync: 'recurring', interval: 1, intervalUnit: 'months' } }),
      /intervalUnit/,
    ],
    [
      'a recurring schedule without interval',
      syncBody('x', { syncSchedule: { schedulerSync: 'recurring' } }),
      /needs interval/,
    ],
    [
      'a bad startDate',
      syncBody('x', { syncSchedule: { schedulerSync: 'none', startDate: 'tomorrow' } }),
      /startDate/,
    ],
    ['a group without source', syncBody('x', { adGroups: [{ name: VPN_USERS }] }), /source is required/],
  ])('refuses a body with %s', async (_label, body, message) => {
    const res = await post(body);
    expect([res.status, res.data]).toEqual([400, error(400, message)]);
  });

  it('treats a null schedule as no schedule', async () => {
    expect((await post(syncBody('nullsched', { syncSchedule: null }))).status).toBe(200);
    const sync = (await seeded.http().get(`${IDS}/identitysync/nullsched`)).data.response.identitySync;
    expect(sync).not.toHaveProperty('syncSchedule');
  });

  it('refuses a rename through PUT', async () => {
    const res = await seeded.http().put(`${IDS}/identitysync/corp-sync`, syncBody('renamed'));
    expect([res.status, res.data]).toEqual([400, error(400, /does not match the path/)]);
  });
});

describe('status callback (#18)', () => {
  const report = { status: 'SUCCESS', errorList: [{ reason: 'no email', user: { username: 'jdoe' } }] };

  it('accepts a SyncUpdate and changes nothing', async () => {
    const before = seeded.sim().snapshot();
    const res = await seeded.http().put(`${IDS}/identitysync/status/corp-sync`, report);
    expect([res.status, typeof res.data]).toEqual([200, 'string']);
    expect(seeded.sim().snapshot()).toEqual(before);
  });

  it('refuses an unknown sync and a body of the wrong shape', async () => {
    expect((await seeded.http().put(`${IDS}/identitysync/status/nope`, report)).status).toBe(404);
    const bad = await seeded.http().put(`${IDS}/identitysync/status/corp-sync`, { errorList: 'none' });
    expect([bad.status, bad.data]).toEqual([400, error(400, /errorList must be an array/)]);
  });
});
