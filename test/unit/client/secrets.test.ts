/**
 * ISE may echo a request body (or anything else) in its error text. Every secret value (the store's keys,
 * the ISE password, the Basic credentials) must be scrubbed from the ApiError and must never reach a log line,
 * even at trace level.
 */
import { inspect } from 'node:util';
import { Secret } from '../../../src/model/secret';
import {
  ADMIN_SKEY,
  ADMIN_SKEY_REF,
  AUTH_SKEY,
  AUTH_SKEY_REF,
  apiFailure,
  BASIC_B64,
  CANARIES,
  harness,
  ise,
  PASSWORD,
  resetNock,
} from './helpers';

afterEach(resetNock);

const echo = `bad request: sKey=${ADMIN_SKEY} auth=${AUTH_SKEY} password=${PASSWORD} header=Basic ${BASIC_B64}`;

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

const connectionBody = {
  mfa: {
    connectionName: 'corp duo',
    accountConfigurations: {
      adminApi: { ikey: 'DIADMIN', sKey: { $secret: ADMIN_SKEY_REF } },
      authenticationApi: { ikey: 'DIAUTH', sKey: { $secret: AUTH_SKEY_REF } },
    },
  },
};

test.each([
  ['a JSON error body', { code: 400, message: echo }, { 'Content-Type': 'application/json' }],
  ['a plain-text error body', echo, { 'Content-Type': 'text/plain' }],
  ['an error code', { code: ADMIN_SKEY, message: echo }, { 'Content-Type': 'application/json' }],
])('%s that echoes the secrets is scrubbed everywhere', async (_label, reply, headers) => {
  ise().post('/api/v1/duo-mfa/mfa').reply(400, reply, headers);
  const h = harness();
  const err = await apiFailure(() => h.client.createDuoConnection(connectionBody));
  expect(err.details.status).toBe(400);
  expectNoCanary(err.message);
  expectNoCanary(JSON.stringify(err));
  expectNoCanary(JSON.stringify(err.details));
  expectNoCanary(inspect(err, { depth: 10 }));
  expectNoCanary(String(err.stack));
  expect(h.logLines.length).toBeGreaterThan(0);
  expectNoCanary(h.logLines.join('\n'));
  expect(err.message).toContain('(sensitive)');
  expect(err.details.iseCode).not.toBe(ADMIN_SKEY);
});

test('a negative connection test message is scrubbed', async () => {
  ise().post('/api/v1/duo-mfa/mfa/testconnection/c1').reply(400, { code: '400', message: echo });
  const result = await harness().client.testDuoConnection('c1', {
    adminApi: { ikey: 'DIADMIN', sKey: { $secret: ADMIN_SKEY_REF } },
  });
  expect(result.ok).toBe(false);
  expectNoCanary(result.message);
});

test('a value passed in a Secret box is scrubbed as well', async () => {
  const inline = 'inline-canary-5544';
  ise()
    .post('/api/v1/duo-mfa/mfa/testconnection/c1')
    .reply(500, { code: 500, message: `echo ${inline}` });
  const result = await harness().client.testDuoConnection('c1', {
    adminApi: { sKey: new Secret(inline) as never },
  });
  expect(result.message).toBe('echo (sensitive)');
});

test('a read answer holding keys is never logged', async () => {
  const mfa = {
    connectionName: 'c1',
    accountConfigurations: { adminApi: { ikey: 'DIADMIN', sKey: ADMIN_SKEY } },
  };
  ise().get('/api/v1/duo-mfa/mfa/c1').reply(200, { response: { mfa } });
  const h = harness();
  expect(await h.client.getDuoConnection('c1')).toEqual(mfa);
  expectNoCanary(h.logLines.join('\n'));
});

// Issue #15: the message used to be cut at 300 characters before the scrub, which then missed the key.
test('a key across the 300-character cut leaves no piece of itself', async () => {
  const message = `${'x'.repeat(265)}${ADMIN_SKEY} and more`;
  ise().post('/api/v1/duo-mfa/mfa').reply(400, { code: '400', message });
  const err = await apiFailure(() => harness().client.createDuoConnection(connectionBody));
  expect(err.details.iseMessage).toBe(`${'x'.repeat(265)}(sensitive) and more`);
  for (const n of [8, 12, 20]) expect(err.message).not.toContain(ADMIN_SKEY.slice(0, n));
});

test('pieces ISE cut itself, encoded forms and a lower-cased header are all removed', async () => {
  const pieces = [
    ADMIN_SKEY.slice(0, 9),
    AUTH_SKEY.slice(-10),
    encodeURIComponent(PASSWORD),
    JSON.stringify(JSON.stringify(PASSWORD)),
    Buffer.from(ADMIN_SKEY).toString('base64'),
  ];
  ise()
    .post('/api/v1/duo-mfa/mfa')
    .reply(400, { code: '400', message: pieces.join(' | ') });
  const err = await apiFailure(() => harness().client.createDuoConnection(connectionBody));
  const S = '(sensitive)';
  expect(err.details.iseMessage).toBe([S, S, S, JSON.stringify(JSON.stringify(S)), S].join(' | '));

  ise()
    .get('/api/v1/duo-mfa/status')
    .reply(200, '{}', { 'Content-Type': `text/x; auth=Basic ${BASIC_B64}` });
  const typed = await apiFailure(() => harness().client.getMfaStatus());
  expect(typed.message).toContain('content type "text/x; auth=basic (sensitive)"');
});

test("ise-duo's own words are not scrubbed, even when a secret shares 8 letters with them", async () => {
  ise().get('/api/v1/duo-mfa/status').reply(401);
  const err = await apiFailure(() =>
    harness({ password: new Secret('my-username-and-password') }).client.getMfaStatus(),
  );
  expect(err.message).toContain('Check the ISE username and password');
});
