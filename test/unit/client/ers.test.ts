/**
 * The ERS join-point lookups (used while MFA is off): every page read, 401/403/404 an answer that ERS is not
 * available rather than an error, wrong shapes a bad-response error, and a server that never stops paging
 * stopped.
 */
import { apiFailure, CANARIES, harness, ise, resetNock } from './helpers';

afterEach(resetNock);

const LIST = '/ers/config/activedirectory';
const resource = (i: number) => ({ id: `id-${i}`, name: `AD_${i}`, description: '' });
const page = (from: number, count: number, more: boolean) => ({
  SearchResult: {
    total: 150,
    resources: Array.from({ length: count }, (_, i) => resource(from + i)),
    ...(more
      ? { nextPage: { rel: 'next', href: `https://ise${LIST}?size=100&page=2`, type: 'application/json' } }
      : {}),
  },
});

test('reads every page at 100 a page, in order', async () => {
  const scope = ise()
    .get(LIST)
    .query({ size: '100', page: '1' })
    .reply(200, page(0, 100, true))
    .get(LIST)
    .query({ size: '100', page: '2' })
    .reply(200, page(100, 50, false));
  const answer = await harness().client.listErsJoinPoints();
  expect(answer).toEqual({ value: Array.from({ length: 150 }, (_, i) => resource(i)) });
  expect(scope.isDone()).toBe(true);
});

test.each([401, 403, 404])(
  '%i says ERS is not available here: an answer, not an error, not retried',
  async (status) => {
    ise()
      .get(LIST)
      .query(true)
      .once()
      .reply(status, { ERSResponse: { messages: [{ title: 'no' }] } });
    const { client, sleeps } = harness();
    await expect(client.listErsJoinPoints()).resolves.toEqual({ unavailable: status });
    expect(sleeps).toEqual([]);
  },
);

test('a 500 is an error, like any other read', async () => {
  ise().get(LIST).query(true).times(4).reply(500, 'boom');
  const err = await apiFailure(() => harness().client.listErsJoinPoints());
  expect(err.details.status).toBe(500);
});

test.each([
  ['no SearchResult', { resources: [] }, 'no object "SearchResult"'],
  ['resources not a list', { SearchResult: { resources: {} } }, '"SearchResult.resources" is not a list'],
  ['a name that is a number', { SearchResult: { resources: [{ id: 'a', name: 7 }] } }, 'resources[0]'],
])('%s: a bad-response error naming what is wrong', async (_what, body, problem) => {
  ise().get(LIST).query(true).reply(200, body);
  const err = await apiFailure(() => harness().client.listErsJoinPoints());
  expect(err.details.kind).toBe('bad-response');
  expect(err.message).toContain(problem);
});

test('a server that says nextPage for ever is stopped after 100 pages', async () => {
  ise()
    .get(LIST)
    .query(true)
    .times(100)
    .reply(200, page(0, 1, true));
  const err = await apiFailure(() => harness().client.listErsJoinPoints());
  expect(err.message).toContain('a "nextPage" after 100 pages of 100');
});

test('a join point: its groups, the id a path segment; a group without text name is a bad response', async () => {
  const detail = {
    ERSActiveDirectory: {
      id: 'a b',
      name: 'CORP_AD',
      domain: 'corp.example.com',
      adGroups: { groups: [{ name: 'corp.example.com/Users/VPN Users', sid: 'S-1' }] },
    },
  };
  ise().get(`${LIST}/a%20b`).reply(200, detail);
  const { client, logLines } = harness();
  await expect(client.getErsJoinPoint('a b')).resolves.toEqual({ value: detail.ERSActiveDirectory });
  ise().get(`${LIST}/gone`).reply(403, '');
  await expect(client.getErsJoinPoint('gone')).resolves.toEqual({ unavailable: 403 });
  ise()
    .get(`${LIST}/x`)
    .reply(200, { ERSActiveDirectory: { adGroups: { groups: [{ name: 1 }] } } });
  const err = await apiFailure(() => client.getErsJoinPoint('x'));
  expect(err.message).toContain('"ERSActiveDirectory.adGroups.groups[0]" has no text name');
  for (const canary of CANARIES) expect(logLines.join('\n')).not.toContain(canary);
});

test('a join point by name: its detail, null for 404, unavailable for 401 and 403', async () => {
  const detail = { ERSActiveDirectory: { id: 'i1', name: 'CORP AD', adGroups: { groups: [] } } };
  ise().get(`${LIST}/name/CORP%20AD`).reply(200, detail);
  ise()
    .get(`${LIST}/name/NOPE`)
    .reply(404, { ERSResponse: { messages: [{ title: 'Resource not found' }] } });
  ise().get(`${LIST}/name/X`).reply(401, '');
  ise().get(`${LIST}/name/Y`).reply(403, '');
  const { client } = harness();
  await expect(client.getErsJoinPointByName('CORP AD')).resolves.toEqual({
    value: detail.ERSActiveDirectory,
  });
  await expect(client.getErsJoinPointByName('NOPE')).resolves.toEqual({ value: null });
  await expect(client.getErsJoinPointByName('X')).resolves.toEqual({ unavailable: 401 });
  await expect(client.getErsJoinPointByName('Y')).resolves.toEqual({ unavailable: 403 });
});

test("ERS's own error text is quoted, and an HTML page from ERS is not blamed on the URL", async () => {
  const body = { ERSResponse: { messages: [{ title: 'Internal ERS failure', type: 'ERROR', code: 'x' }] } };
  ise().get(LIST).query(true).times(4).reply(500, body);
  const err = await apiFailure(() => harness().client.listErsJoinPoints());
  expect(err.message).toContain('"Internal ERS failure"');
  ise()
    .get(`${LIST}/name/CORP_AD`)
    .reply(200, '<html><body>Login</body></html>', { 'Content-Type': 'text/html' });
  const html = await apiFailure(() => harness().client.getErsJoinPointByName('CORP_AD'));
  expect(html.details.explanation).toMatch(/ERS API is probably off or not open to this account/);
  expect(html.details.explanation).not.toContain('Is the URL right');
});
