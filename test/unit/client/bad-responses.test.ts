/**
 * A 2xx that the client cannot use is an ApiError kind 'bad-response' with an explanation, never a crash:
 * malformed JSON, HTML, an empty body, another content type, a body of the wrong shape, or one too large.
 */
import { apiFailure, harness, ise, resetNock } from './helpers';

const STATUS = '/api/v1/duo-mfa/status';
const JSON_TYPE = { 'Content-Type': 'application/json' };

afterEach(resetNock);

test('malformed JSON', async () => {
  ise().get(STATUS).reply(200, '{"status": tru', JSON_TYPE);
  const err = await apiFailure(() => harness().client.getMfaStatus());
  expect(err.details).toMatchObject({ kind: 'bad-response', status: 200, method: 'GET', path: STATUS });
  expect(err.message).toMatch(
    /^GET \/api\/v1\/duo-mfa\/status failed: 200 OK with malformed JSON \(request /,
  );
  expect(err.details.explanation).toMatch(/cut off/);
});

test('an HTML error page with status 200', async () => {
  ise()
    .get(STATUS)
    .reply(200, '<!DOCTYPE html><html><body>Login</body></html>', { 'Content-Type': 'text/html' });
  const err = await apiFailure(() => harness().client.getMfaStatus());
  expect(err.details.kind).toBe('bad-response');
  expect(err.message).toContain('an HTML page where JSON was expected');
  expect(err.details.explanation).toMatch(/error page from ISE or from a proxy.*URL/);
});

test('HTML without a content type is recognised by its first tag', async () => {
  ise().get(STATUS).reply(200, '  <html><body>proxy</body></html>');
  const err = await apiFailure(() => harness().client.getMfaStatus());
  expect(err.message).toContain('HTML page');
});

test('an empty body where JSON is expected', async () => {
  ise().get('/api/v1/duo-mfa/mfa').reply(200, '', JSON_TYPE);
  const err = await apiFailure(() => harness().client.listDuoConnections());
  expect(err.details.kind).toBe('bad-response');
  expect(err.message).toContain('an empty body where JSON was expected');
});

test('a wrong content type on a read', async () => {
  ise().get(STATUS).reply(200, '{"status":true}', { 'Content-Type': 'text/plain' });
  const err = await apiFailure(() => harness().client.getMfaStatus());
  expect(err.message).toContain('content type "text/plain" where application/json was expected');
  expect(err.details.explanation).toMatch(/proxy/);
});

test('JSON without a content type is accepted', async () => {
  ise().get(STATUS).reply(200, '{"status":true}');
  expect(await harness().client.getMfaStatus()).toBe(true);
});

describe('unexpected shapes', () => {
  test.each([
    ['status without a boolean', STATUS, { status: 'true' }, 'getMfaStatus', 'no boolean "status"'],
    [
      'status wrapped in response',
      STATUS,
      { response: { status: true } },
      'getMfaStatus',
      'no boolean "status"',
    ],
    [
      'list without response array',
      '/api/v1/duo-mfa/mfa',
      [{ name: 'a' }],
      'listDuoConnections',
      'not an object',
    ],
    [
      'list response not an array',
      '/api/v1/duo-mfa/mfa',
      { response: {} },
      'listDuoConnections',
      '"response" is not an array',
    ],
    [
      'list item not an object',
      '/api/v1/duo-identitysync/identitysync',
      { response: ['x'] },
      'listIdentitySyncs',
      '"response"[0] is not an object',
    ],
    [
      'bare array wrapped',
      '/api/v1/duo-identitysync/activedirectories',
      { response: [] },
      'listActiveDirectories',
      'the body is not an array',
    ],
  ] as const)('%s', async (_label, path, body, method, problem) => {
    ise().get(path).reply(200, body);
    const client = harness().client as unknown as Record<string, () => Promise<unknown>>;
    const err = await apiFailure(() => client[method]());
    expect(err.details.kind).toBe('bad-response');
    expect(err.message).toContain(`a body of unexpected shape (${problem})`);
    expect(err.details.explanation).toMatch(/3\.3 Patch 1/);
  });

  test('get-by-name with a single wrap', async () => {
    ise()
      .get('/api/v1/duo-mfa/mfa/c1')
      .reply(200, { response: { connectionName: 'c1' } });
    const err = await apiFailure(() => harness().client.getDuoConnection('c1'));
    expect(err.message).toContain('no object "response.mfa"');
  });

  test('identity sync get-by-name without response.identitySync', async () => {
    ise()
      .get('/api/v1/duo-identitysync/identitysync/s1')
      .reply(200, { identitySync: { syncName: 's1' } });
    const err = await apiFailure(() => harness().client.getIdentitySync('s1'));
    expect(err.message).toContain('no object "response.identitySync"');
  });
});

test('a body larger than maxResponseBytes', async () => {
  const big = JSON.stringify({ response: [{ name: 'x'.repeat(5000) }], version: '1.0.0' });
  ise().get('/api/v1/duo-mfa/mfa').reply(200, big, JSON_TYPE);
  const err = await apiFailure(() => harness({ maxResponseBytes: 1024 }).client.listDuoConnections());
  expect(err.details.kind).toBe('bad-response');
  expect(err.message).toContain('the response is too large');
  expect(err.details.explanation).toMatch(/maxResponseBytes/);
});

test('a body within maxResponseBytes is read', async () => {
  ise()
    .get('/api/v1/duo-mfa/mfa')
    .reply(200, { response: [{ name: 'x'.repeat(500) }] });
  expect(await harness({ maxResponseBytes: 1024 }).client.listDuoConnections()).toHaveLength(1);
});

// Review of the request-path fix: a bad answer to a successful GET was written with the raw path, so a
// connection named after a key (read before anything showed it was one) was named in the error.
test('a bad answer to a GET by a key-shaped name: the error shows the name as (sensitive)', async () => {
  const key = 'CorpOldlSXpfKtHFvUCsMehGAkWvjFAcQeWJKYuv';
  ise().get(`/api/v1/duo-mfa/mfa/${key}`).reply(200, { response: 'not an object' });
  const err = await apiFailure(() => harness().client.getDuoConnection(key));
  expect(err.details.kind).toBe('bad-response');
  expect(err.message).toContain('GET /api/v1/duo-mfa/mfa/(sensitive) failed');
  expect(err.message).not.toContain(key.slice(0, 12));
});
