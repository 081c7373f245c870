/**
 * Holds the simulator's two ERS Active Directory reads (`GET /ers/config/activedirectory` and `…/{id}`) to
 * Cisco's Swagger 2.0 file `cisco-ise-legacy-ers-active-directory.yaml`, over real HTTP: the paged list, the
 * join-point detail, and the ERS error answers (unknown id, bad paging, wrong password, ERS switched off).
 * ise-duo reads these to check AD names while Duo MFA is off, when the `duo-identitysync` lookups answer 403.
 *
 * Cisco's Swagger declares only `200` for these GETs, so no error status has a schema to check a body
 * against: 200 bodies go through `checkResponse`, error bodies are held to ERS's `ERSResponse` shape by
 * `expectErsError` instead (and `checkResponse` is shown to refuse them as undeclared).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios, { type AxiosResponse } from 'axios';
import { parse } from 'yaml';
import { UsageError } from '../../src/errors';
import {
  DEFAULT_SEED_FILE,
  type RunningSimulator,
  type SeedActiveDirectory,
  type SimSeed,
  startSimulator,
} from '../../src/sim/index';
import { ERS_AD_SPEC, IseContract, SHARED_DIR } from '../helpers/openapi';
import { AUTH, CORP_AD, IDS, startTestSim } from '../integration/sim/helpers';

const contract = new IseContract(SHARED_DIR, [ERS_AD_SPEC]);
const LIST = '/ers/config/activedirectory';
const detailPath = (id: string) => `${LIST}/${encodeURIComponent(id)}`;

/** The shipped seed's join points (CORP_AD, LAB_AD) and three more, one with a description, for paging. */
const DIRECTORIES: SeedActiveDirectory[] = [
  ...(parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')) as SimSeed).activeDirectories,
  ...[1, 2, 3].map((n) => ({
    name: `BRANCH_${n}`,
    directoryID: `5d1e2f3a-d0f8-11ee-9fe9-4ed55d83a1a${n}`,
    domain: `branch${n}.example.com`,
    groups: [{ name: `branch${n}.example.com/Users/Staff`, sid: `S-1-5-21-99-${n}-1101` }],
    ...(n === 2 ? { description: 'Branch office two' } : {}),
  })),
];
const SEED: SimSeed = { activeDirectories: DIRECTORIES, mfaEnabled: false };

async function get(sim: RunningSimulator, url: string, auth = AUTH): Promise<AxiosResponse> {
  return axios.get(url, { baseURL: sim.url, auth, proxy: false, validateStatus: () => true });
}

/** A 200 that matches Cisco's schema for its operation. */
async function getValid(sim: RunningSimulator, url: string): Promise<AxiosResponse> {
  const res = await get(sim, url);
  const path = url.startsWith('http') ? url.slice(sim.url.length) : url;
  expect([url, res.status, contract.checkResponse('GET', path, res.status, res.data)]).toEqual([
    url,
    200,
    [],
  ]);
  return res;
}

/**
 * An ERS error answer. Cisco's Swagger declares no error status for these GETs (only 200), so the body cannot
 * be held to a declared schema; it is held to ERS's `ERSResponse` shape here, with the operation and title
 * the simulator must give.
 */
function expectErsError(
  sim: RunningSimulator,
  res: AxiosResponse,
  expected: { status: number; operation: string; title: string | RegExp; path: string },
): void {
  expect(res.status).toBe(expected.status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.data).toEqual({
    ERSResponse: {
      operation: expected.operation,
      messages: [
        {
          title: typeof expected.title === 'string' ? expected.title : expect.stringMatching(expected.title),
          type: 'ERROR',
          code: expect.any(String),
        },
      ],
      link: { rel: 'related', href: `${sim.url}${expected.path}`, type: 'application/xml' },
    },
  });
  expect(contract.checkResponse('GET', expected.path, res.status, res.data)).toEqual([
    expect.stringContaining(`status ${res.status} is not declared`),
  ]);
}

const expectedResource = (sim: RunningSimulator, d: SeedActiveDirectory) => ({
  id: d.directoryID,
  name: d.name,
  description: d.description ?? '',
  link: { rel: 'self', href: `${sim.url}${detailPath(d.directoryID)}`, type: 'application/json' },
});

describe('ERS Active Directory reads, ERS on and MFA off', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSim({ seed: SEED });
  });
  afterAll(() => sim.stop());

  test('the list matches the contract: every seed join point, in seed order, with a working self link', async () => {
    const { data } = await getValid(sim, LIST);
    expect(data).toEqual({
      SearchResult: {
        total: DIRECTORIES.length,
        resources: DIRECTORIES.map((d) => expectedResource(sim, d)),
      },
    });
    for (const resource of data.SearchResult.resources) {
      const detail = await getValid(sim, resource.link.href);
      expect(detail.data.ERSActiveDirectory).toMatchObject({ id: resource.id, name: resource.name });
    }
  });

  test('size=1 walks every page through nextPage; totals agree and previousPage appears from page 2', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${LIST}?size=1`;
    for (let page = 1; url; page++) {
      expect(page).toBeLessThanOrEqual(DIRECTORIES.length);
      const { data } = await getValid(sim, url);
      const result = data.SearchResult;
      expect(result.total).toBe(DIRECTORIES.length);
      expect(result.resources).toHaveLength(1);
      seen.push(result.resources[0].id);
      if (page === 1) expect(result.previousPage).toBeUndefined();
      else {
        expect(result.previousPage).toEqual({
          rel: 'previous',
          href: expect.any(String),
          type: 'application/json',
        });
        const previous = new URL(result.previousPage.href);
        expect([previous.origin + previous.pathname, previous.searchParams.get('size')]).toEqual([
          `${sim.url}${LIST}`,
          '1',
        ]);
        expect(previous.searchParams.get('page')).toBe(String(page - 1));
      }
      if (result.nextPage) {
        expect(result.nextPage).toMatchObject({ rel: 'next', type: 'application/json' });
        const next = new URL(result.nextPage.href);
        expect([next.searchParams.get('size'), next.searchParams.get('page')]).toEqual([
          '1',
          String(page + 1),
        ]);
      }
      url = result.nextPage?.href;
    }
    expect(seen).toEqual(DIRECTORIES.map((d) => d.directoryID));
  });

  test('pages of 2: a short last page, and past the end an empty page with no links', async () => {
    const last = (await getValid(sim, `${LIST}?size=2&page=3`)).data.SearchResult;
    expect(last.resources.map((r: { name: string }) => r.name)).toEqual(['BRANCH_3']);
    expect([last.total, last.nextPage, last.previousPage?.href]).toEqual([
      5,
      undefined,
      `${sim.url}${LIST}?size=2&page=2`,
    ]);
    const past = (await getValid(sim, `${LIST}?size=2&page=9`)).data.SearchResult;
    expect(past).toEqual({ total: 5, resources: [] });
    const all = (await getValid(sim, `${LIST}?size=100`)).data.SearchResult;
    expect([all.resources.length, all.nextPage]).toEqual([5, undefined]);
  });

  test.each([
    ['size=0', /"size".*from 1 to 100/],
    ['size=101', /"size".*from 1 to 100/],
    ['size=-1', /"size"/],
    ['size=two', /"size"/],
    ['page=0', /"page".*1 or more/],
    ['size=5&page=1.5', /"page"/],
  ])('%s answers 400 with an ERS error', async (query, title) => {
    const res = await get(sim, `${LIST}?${query}`);
    expectErsError(sim, res, { status: 400, operation: 'GET-getAll-activedirectory', title, path: LIST });
  });

  test('the detail matches the contract and holds the seed join point, its domain and groups', async () => {
    for (const dir of DIRECTORIES) {
      const { data } = await getValid(sim, detailPath(dir.directoryID));
      expect(data).toEqual({
        ERSActiveDirectory: {
          id: dir.directoryID,
          name: dir.name,
          description: dir.description ?? '',
          domain: dir.domain,
          enableDomainWhiteList: true,
          adGroups: { groups: dir.groups },
          link: expectedResource(sim, dir).link,
        },
      });
    }
    expect(DIRECTORIES[0].groups).toHaveLength(3);
    expect(DIRECTORIES[3].description).toBe('Branch office two');
  });

  test('an unknown id, or a join point name instead of its id, answers 404 with the ERS error body', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', CORP_AD.name]) {
      const path = detailPath(id);
      expectErsError(sim, await get(sim, path), {
        status: 404,
        operation: 'GET-getByID-activedirectory',
        title: 'Resource not found',
        path,
      });
      expect((await get(sim, path)).data.ERSResponse.messages[0].code).toBe('Resource not found exception');
    }
  });

  test('by name: the same detail, matching the contract; a name in another case or unknown answers 404', async () => {
    for (const dir of DIRECTORIES) {
      const byName = await getValid(sim, `${LIST}/name/${encodeURIComponent(dir.name)}`);
      expect(byName.data).toEqual((await getValid(sim, detailPath(dir.directoryID))).data);
    }
    for (const name of [CORP_AD.name.toLowerCase(), 'NO_SUCH_AD']) {
      const path = `${LIST}/name/${encodeURIComponent(name)}`;
      expectErsError(sim, await get(sim, path), {
        status: 404,
        operation: 'GET-getByName-activedirectory',
        title: 'Resource not found',
        path,
      });
    }
  });

  test('ERS answers while MFA is off, where duo-identitysync/activedirectories answers 403', async () => {
    expect(sim.snapshot().mfaEnabled).toBe(false);
    const duo = await get(sim, `${IDS}/activedirectories`);
    expect([duo.status, duo.data.code]).toEqual([403, '403']);
    const ers = await getValid(sim, LIST);
    expect(ers.data.SearchResult.resources.map((r: { name: string }) => r.name)).toContain(CORP_AD.name);
    expect((await getValid(sim, detailPath(CORP_AD.directoryID))).data.ERSActiveDirectory.domain).toBe(
      CORP_AD.domain,
    );
  });

  test('a wrong password answers 401 with the ERS error body and a Basic challenge', async () => {
    for (const path of [LIST, detailPath(CORP_AD.directoryID)]) {
      const res = await get(sim, path, { username: AUTH.username, password: 'wrong' });
      const operation = path === LIST ? 'GET-getAll-activedirectory' : 'GET-getByID-activedirectory';
      expectErsError(sim, res, { status: 401, operation, title: 'Unauthorized', path });
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
    }
  });

  test('ERS requests are logged, other methods answer 405, and injected faults keep the ERS body', async () => {
    sim.clearLog();
    const post = await axios.post(
      `${sim.url}${LIST}`,
      {},
      { auth: AUTH, proxy: false, validateStatus: () => true },
    );
    expect([post.status, post.headers.allow, post.data.ERSResponse.operation]).toEqual([
      405,
      'GET',
      'POST-activedirectory',
    ]);
    sim.addFault({ kind: '503', path: `${LIST}*` });
    const faulted = await get(sim, `${LIST}?size=1`);
    expectErsError(sim, faulted, {
      status: 503,
      operation: 'GET-getAll-activedirectory',
      title: /injected fault/,
      path: LIST,
    });
    expect(faulted.headers['retry-after']).toBe('1');
    expect(sim.requestLog().map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', LIST, 405],
      ['GET', LIST, 503],
    ]);
  });
});

describe('ERS switched off in the seed', () => {
  test('both routes answer 403 with the ERS body, whatever the query, while the Duo API still answers', async () => {
    const sim = await startTestSim({ seed: { ...SEED, mfaEnabled: true, ersEnabled: false } });
    try {
      for (const [url, path, operation] of [
        [LIST, LIST, 'GET-getAll-activedirectory'],
        [`${LIST}?size=0`, LIST, 'GET-getAll-activedirectory'],
        [`${LIST}?size=1&page=2`, LIST, 'GET-getAll-activedirectory'],
        [detailPath(CORP_AD.directoryID), detailPath(CORP_AD.directoryID), 'GET-getByID-activedirectory'],
        [detailPath('unknown'), detailPath('unknown'), 'GET-getByID-activedirectory'],
        [`${LIST}/name/${CORP_AD.name}`, `${LIST}/name/${CORP_AD.name}`, 'GET-getByName-activedirectory'],
      ]) {
        expectErsError(sim, await get(sim, url), {
          status: 403,
          operation,
          title: 'ERS is disabled or the user has no ERS role',
          path,
        });
      }
      expect((await get(sim, `${IDS}/activedirectories`)).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  test('ersEnabled true in the seed is the same as leaving it out', async () => {
    const sim = await startTestSim({ seed: { ...SEED, ersEnabled: true } });
    try {
      expect((await getValid(sim, LIST)).data.SearchResult.total).toBe(DIRECTORIES.length);
    } finally {
      await sim.stop();
    }
  });
});

describe('the ersEnabled seed field', () => {
  test.each([['yes'], [1], [null]])('refuses %p with a clear message', async (value) => {
    const start = startSimulator({ seed: { ...SEED, ersEnabled: value as never } });
    await expect(start).rejects.toThrow(UsageError);
    await expect(start).rejects.toThrow(
      `Simulator seed seed object: ersEnabled must be true or false, not ${JSON.stringify(value)}`,
    );
  });

  test('a seed file with a bad ersEnabled is refused at its line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ise-duo-ers-seed-'));
    try {
      const file = join(dir, 'seed.yaml');
      writeFileSync(file, 'activeDirectories: []\nersEnabled: "off"\n');
      await expect(startSimulator({ seed: file })).rejects.toThrow(
        `Simulator seed ${file}:2:13: ersEnabled must be true or false, not "off"`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a join point description that is not text is refused', async () => {
    const seed = { activeDirectories: [{ ...DIRECTORIES[0], description: 5 as never }] };
    await expect(startSimulator({ seed })).rejects.toThrow(
      'activeDirectories[0].description must be a string',
    );
  });
});
