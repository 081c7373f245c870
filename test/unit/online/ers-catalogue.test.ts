/**
 * The ERS-backed name catalogue: one by-name read per join point the file names when all are right, the list
 * only when one is missing (for the did-you-mean, and to tell a missing join point from a missing ERS), and
 * the groups from the by-name answers, with a detail read only for a join point found in the list alone.
 */
import type { ErsAnswer, IseClient } from '../../../src/client/types';
import type { WireErsActiveDirectory, WireErsResource } from '../../../src/client/wire-types';
import { ersCatalogue, joinPointNames } from '../../../src/online/catalogue';
import { aDesired } from '../../helpers/builders';

const AD: Record<string, WireErsActiveDirectory> = {
  CORP_AD: { id: 'c1', name: 'CORP_AD', adGroups: { groups: [{ name: 'corp/VPN Users' }] } },
  LAB_AD: { id: 'l1', name: 'LAB_AD', adGroups: { groups: [{ name: 'lab/Admins' }] } },
};

function fakeErs(options: { byName?: number; list?: number } = {}) {
  const calls: string[] = [];
  const client = {
    getErsJoinPointByName: async (name: string): Promise<ErsAnswer<WireErsActiveDirectory | null>> => {
      calls.push(`name ${name}`);
      if (options.byName) return { unavailable: options.byName };
      return { value: AD[name] ?? null };
    },
    listErsJoinPoints: async (): Promise<ErsAnswer<WireErsResource[]>> => {
      calls.push('list');
      if (options.list) return { unavailable: options.list };
      return { value: Object.values(AD).map(({ id, name }) => ({ id, name })) };
    },
    getErsJoinPoint: async (id: string) => {
      calls.push(`id ${id}`);
      return Object.values(AD).find((d) => d.id === id)!;
    },
  } as unknown as IseClient;
  return { client, calls };
}

test('every name right: one by-name read each, no list, groups from those answers', async () => {
  const { client, calls } = fakeErs();
  const ers = await ersCatalogue(client, ['CORP_AD', 'CORP_AD']);
  if (!('catalogue' in ers)) throw new Error('expected a catalogue');
  expect(await ers.catalogue.joinPoints()).toEqual([{ name: 'CORP_AD', directoryID: 'c1' }]);
  expect(await ers.catalogue.groups({ name: 'CORP_AD', directoryID: 'c1' })).toEqual(['corp/VPN Users']);
  expect(calls).toEqual(['name CORP_AD']);
});

test('a missing name: the list, for what ISE has; a listed join point not asked for is read by id', async () => {
  const { client, calls } = fakeErs();
  const ers = await ersCatalogue(client, ['CORP-AD']);
  if (!('catalogue' in ers)) throw new Error('expected a catalogue');
  expect((await ers.catalogue.joinPoints()).map((j) => j.name)).toEqual(['CORP_AD', 'LAB_AD']);
  expect(await ers.catalogue.groups({ name: 'LAB_AD', directoryID: 'l1' })).toEqual(['lab/Admins']);
  expect(calls).toEqual(['name CORP-AD', 'list', 'id l1']);
});

test('ERS refused by name (401, 403) or by list after a 404: unavailable, with the status', async () => {
  await expect(ersCatalogue(fakeErs({ byName: 403 }).client, ['CORP_AD'])).resolves.toEqual({
    unavailable: 403,
  });
  await expect(ersCatalogue(fakeErs({ list: 404 }).client, ['NOPE'])).resolves.toEqual({ unavailable: 404 });
});

test("the join points a file names: its own entries and its groups' sources, once each", () => {
  const desired = aDesired();
  expect(joinPointNames(desired.identitySyncs)).toEqual(['CORP_AD']);
});
