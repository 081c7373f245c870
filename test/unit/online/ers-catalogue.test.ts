/**
 * The ERS-backed name catalogue: one by-name read per join point the file names, two at a time; the list
 * only when one is missing (for the did-you-mean, and to tell a missing join point from a missing ERS),
 * with what the by-name reads found kept and every join point once; groups from the by-name answers, and a
 * by-id read only for a named join point the list alone found; any 401/403/404 "not available".
 */
import type { ErsAnswer, IseClient } from '../../../src/client/types';
import type { WireErsActiveDirectory, WireErsResource } from '../../../src/client/wire-types';
import type { IdentitySync } from '../../../src/model/state';
import { ersCatalogue, joinPointNames } from '../../../src/online/catalogue';
import { aDesired } from '../../helpers/builders';

const AD: Record<string, WireErsActiveDirectory> = {
  CORP_AD: { id: 'c1', name: 'CORP_AD', adGroups: { groups: [{ name: 'corp/VPN Users' }] } },
  LAB_AD: { id: 'l1', name: 'LAB_AD', adGroups: { groups: [{ name: 'lab/Admins' }] } },
};

interface Fake {
  byName?: (name: string) => ErsAnswer<WireErsActiveDirectory | null>;
  list?: () => ErsAnswer<WireErsResource[]>;
  byId?: (id: string) => ErsAnswer<WireErsActiveDirectory>;
}

function fakeErs(fake: Fake = {}) {
  const calls: string[] = [];
  let inFlight = 0;
  let most = 0;
  const answer = async <T>(call: string, value: () => T): Promise<T> => {
    calls.push(call);
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return value();
  };
  const client = {
    getErsJoinPointByName: (name: string) =>
      answer(`name ${name}`, () => fake.byName?.(name) ?? { value: AD[name] ?? null }),
    listErsJoinPoints: () =>
      answer(
        'list',
        () => fake.list?.() ?? { value: Object.values(AD).map(({ id, name }) => ({ id, name })) },
      ),
    getErsJoinPoint: (id: string) =>
      answer(`id ${id}`, () => fake.byId?.(id) ?? { value: Object.values(AD).find((d) => d.id === id)! }),
  } as unknown as IseClient;
  return { client, calls, most: () => most };
}

/** One sync naming these join points. */
const naming = (names: string[]) =>
  [
    { name: 's', activeDirectories: names.map((name) => ({ name })), adGroups: [], schedule: null },
  ] as IdentitySync[];

async function catalogueOf(client: IseClient, names: string[]) {
  const ers = await ersCatalogue(client, naming(names));
  if (!('catalogue' in ers)) throw new Error(`expected a catalogue, got ${JSON.stringify(ers)}`);
  return ers.catalogue;
}

test('every name right: one by-name read each, no list, groups from those answers', async () => {
  const { client, calls } = fakeErs();
  const catalogue = await catalogueOf(client, ['CORP_AD', 'CORP_AD']);
  expect(await catalogue.joinPoints()).toEqual([{ name: 'CORP_AD', directoryID: 'c1' }]);
  expect(await catalogue.groups({ name: 'CORP_AD', directoryID: 'c1' })).toEqual(['corp/VPN Users']);
  expect(calls).toEqual(['name CORP_AD']);
});

test('a missing name: the list, for what ISE has; groups of join points the file does not name are not read', async () => {
  const { client, calls } = fakeErs();
  const catalogue = await catalogueOf(client, ['CORP-AD']);
  expect((await catalogue.joinPoints()).map((j) => j.name)).toEqual(['CORP_AD', 'LAB_AD']);
  expect(calls).toEqual(['name CORP-AD', 'list']);
});

test("found by name but not by the list (or the other way): both known, once each, in ISE's order", async () => {
  const { client, calls } = fakeErs({
    byName: (n) => ({ value: n === 'CORP_AD' ? AD.CORP_AD : null }),
    list: () => ({
      value: [
        { id: 'l1', name: 'LAB_AD' },
        { id: 'l1', name: 'LAB_AD' },
      ],
    }),
  });
  const catalogue = await catalogueOf(client, ['CORP_AD', 'LAB_AD', 'NOPE']);
  expect((await catalogue.joinPoints()).map((j) => j.name)).toEqual(['LAB_AD', 'CORP_AD']);
  // LAB_AD was named but found only in the list: read by id before the check, and its groups known.
  expect(await catalogue.groups({ name: 'LAB_AD', directoryID: 'l1' })).toEqual(['lab/Admins']);
  expect(calls).toEqual(['name CORP_AD', 'name LAB_AD', 'name NOPE', 'list', 'id l1']);
});

test('never more than two reads in flight, however many join points the file names', async () => {
  const many = Array.from({ length: 9 }, (_, i) => `AD_${i}`);
  const fake = fakeErs();
  await ersCatalogue(fake.client, naming(many));
  expect(fake.calls.filter((c) => c.startsWith('name '))).toHaveLength(9);
  expect(fake.most()).toBe(2);
});

test('ERS refused by name, by list after a 404, or by id: unavailable, with the status', async () => {
  const refuse = (status: number) => () => ({ unavailable: status });
  await expect(ersCatalogue(fakeErs({ byName: refuse(403) }).client, naming(['CORP_AD']))).resolves.toEqual({
    unavailable: 403,
  });
  await expect(ersCatalogue(fakeErs({ list: refuse(404) }).client, naming(['NOPE']))).resolves.toEqual({
    unavailable: 404,
  });
  const byIdRefused = fakeErs({ byName: () => ({ value: null }), byId: refuse(403) });
  await expect(ersCatalogue(byIdRefused.client, naming(['CORP_AD']))).resolves.toEqual({ unavailable: 403 });
});

test("the join points a file names: its own entries and its groups' sources, once each", () => {
  expect(joinPointNames(aDesired().identitySyncs)).toEqual(['CORP_AD']);
});
