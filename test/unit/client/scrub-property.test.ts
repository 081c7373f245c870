/**
 * Issue #15 as properties: for random Duo keys and ISE passwords, and random ways ISE may echo them (encoded,
 * cut by ISE, padded so the client's own cut falls anywhere, in the message, the code, a plain-text body or a
 * Location header), no 8-character fragment of any secret survives in the error, its details, its stack,
 * the connection-test and sync answers, or any log line at trace level. The checker (`fragmentLeaks`) is
 * independent of the scrubber. numRuns is bounded to keep the suite fast.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { ApiError } from '../../../src/errors';
import { createScrubber, quoteable, SCRUBBED } from '../../../src/model/scrubber';
import { Secret, SecretStore } from '../../../src/model/secret';
import { applyEcho, echoArb, HEADER_SAFE, passwordArb, skeyArb } from '../../helpers/echoes';
import { fragmentLeaks } from '../../helpers/fragments';
import { ADMIN_SKEY_REF, AUTH_SKEY_REF, harness, ise, resetNock, USERNAME } from './helpers';

afterEach(resetNock);

const secretsArb = fc.record({ admin: skeyArb, auth: skeyArb, password: passwordArb });

describe('the scrubber alone', () => {
  test('no fragment of any secret survives any echo, cut and quote', () => {
    fc.assert(
      fc.property(
        secretsArb,
        fc.array(fc.tuple(fc.constantFrom('admin', 'auth', 'password'), echoArb()), {
          minLength: 1,
          maxLength: 4,
        }),
        (s, echoes) => {
          const secrets = [s.admin, s.auth, s.password];
          const text = echoes.map(([which, echo]) => applyEcho(s[which as keyof typeof s], echo)).join('\n');
          const quoted = quoteable(text, createScrubber(secrets), 300);
          expect(fragmentLeaks('quoted', quoted, secrets)).toEqual([]);
          expect(quoted.length).toBeLessThanOrEqual(301);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('innocent text is kept, and a run of secrets becomes one marker', () => {
    fc.assert(
      fc.property(skeyArb, fc.nat({ max: 5 }), (key, n) => {
        const scrub = createScrubber([key]);
        expect(scrub(`Invalid field "sKey": ${key.repeat(n + 1)} (too long)`)).toBe(
          `Invalid field "sKey": ${SCRUBBED} (too long)`,
        );
      }),
      { numRuns: 50 },
    );
  });

  test('a 7-character piece is below the threshold and kept; 8 are not', () => {
    const key = 'K1k2K3k4K5k6K7k8K9k0L1l2L3l4L5l6L7l8L9l0';
    const scrub = createScrubber([key]);
    expect(scrub(`...${key.slice(-7)}`)).toBe(`...${key.slice(-7)}`);
    expect(scrub(`...${key.slice(-8)}`)).toBe(`...${SCRUBBED}`);
  });
});

const connectionBody = {
  mfa: {
    connectionName: 'corp duo',
    description: 'Duo for VPN',
    accountConfigurations: {
      apiHostName: 'api-1a2b3c4d.duosecurity.com',
      adminApi: { ikey: 'DIADMINIKEY000000000', sKey: { $secret: ADMIN_SKEY_REF } },
      authenticationApi: { ikey: 'DIAUTHIKEY0000000000', sKey: { $secret: AUTH_SKEY_REF } },
    },
  },
};

type Where = 'message' | 'code' | 'plain text' | 'location';
const whereArb = fc.constantFrom<Where>('message', 'code', 'plain text', 'location');

/** ISE's answer quoting `echoed` (the request as ISE saw it) at `where`. */
function answer(where: Where, echoed: string): [number, string, Record<string, string>] {
  const json = { 'Content-Type': 'application/json' };
  if (where === 'message')
    return [400, JSON.stringify({ code: '400', message: `Invalid request: ${echoed}` }), json];
  if (where === 'code') return [400, JSON.stringify({ code: echoed, message: 'Bad Request' }), json];
  if (where === 'plain text') return [400, `Invalid request: ${echoed}`, { 'Content-Type': 'text/plain' }];
  return [302, '', { Location: `https://ise.example.com/admin/login.jsp?from=${echoed}` }];
}

function everything(err: unknown, logLines: string[], results: string[]): Record<string, string> {
  const e = err as ApiError | undefined;
  return {
    message: e?.message ?? '',
    details: JSON.stringify(e?.details ?? {}),
    inspect: inspect(e, { depth: 10 }),
    stack: String(e?.stack ?? ''),
    logs: logLines.join('\n'),
    results: results.join('\n'),
  };
}

describe('through the client', () => {
  test('no fragment reaches an ApiError, an answer or a log, whatever ISE echoes', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretsArb,
        whereArb,
        echoArb(),
        echoArb(HEADER_SAFE),
        fc.constantFrom('create', 'test keys', 'status', 'start sync'),
        async (s, where, echo, headerEcho, call) => {
          resetNock();
          const store = new SecretStore();
          store.set(ADMIN_SKEY_REF, new Secret(s.admin));
          store.set(AUTH_SKEY_REF, new Secret(s.auth));
          const h = harness({ password: new Secret(s.password), secrets: store });
          const basic = Buffer.from(`${USERNAME}:${s.password}`).toString('base64');
          const secrets = [s.admin, s.auth, s.password, basic];
          const reply = function (
            this: { req: { headers: Record<string, string> } },
            _uri: string,
            body: unknown,
          ) {
            const sent = `${body === '' ? '' : JSON.stringify(body)} Authorization: ${this.req.headers.authorization}`;
            return answer(where, applyEcho(sent, where === 'location' ? headerEcho : echo));
          };
          const results: string[] = [];
          let err: unknown;
          try {
            if (call === 'create') {
              ise().post('/api/v1/duo-mfa/mfa').reply(reply);
              await h.client.createDuoConnection(connectionBody);
            } else if (call === 'test keys') {
              ise().post('/api/v1/duo-mfa/mfa/testconnection/corp%20duo').reply(reply);
              const r = await h.client.testDuoConnection(
                'corp duo',
                connectionBody.mfa.accountConfigurations,
              );
              results.push(r.message);
            } else if (call === 'status') {
              ise().get('/api/v1/duo-mfa/status').reply(reply);
              await h.client.getMfaStatus();
            } else {
              // A 200 answer quoting the request: the sync's message is shown to the user too.
              ise()
                .get('/api/v1/duo-identitysync/identitysync/sync/s1')
                .reply(function (this: { req: { headers: Record<string, string> } }) {
                  return [
                    200,
                    JSON.stringify(applyEcho(`Sync started by ${this.req.headers.authorization}`, echo)),
                  ];
                });
              results.push(await h.client.startSync('s1'));
            }
          } catch (e) {
            err = e;
          }
          if (err !== undefined && !(err instanceof ApiError)) throw err;
          const found = Object.entries(everything(err, h.logLines, results)).flatMap(([part, text]) =>
            fragmentLeaks(part, text, secrets),
          );
          expect(found).toEqual([]);
          expect(err !== undefined || results.length > 0).toBe(true);
        },
      ),
      { numRuns: 120 },
    );
  });
});
