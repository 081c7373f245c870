/**
 * Issue #15 end to end, as a property: random Duo secret keys go through the real `plan --out` and `apply`
 * commands (in-process, at trace level, in a random output format) against the simulator, behind a proxy
 * that makes "ISE" quote each request back in a random way: encoded, cut by ISE, padded so the client's own
 * cut falls anywhere, in the message, the code, a plain-text body, a Location or Content-Type header, on the
 * create, the key check, a sync create or a read. No 8-character fragment of any secret (sKeys, ikeys, the
 * ISE password, the Basic credentials) may appear in stdout, stderr, the logs or the saved plan file.
 * numRuns is bounded: each run is two commands against the simulator.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { apply } from '../../src/commands/apply';
import { plan } from '../../src/commands/plan';
import type { OutputFormat } from '../../src/runtime/context';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import {
  type EchoAnswer,
  type EchoedRequest,
  type EchoProxy,
  echoText,
  startEchoProxy,
} from '../helpers/echo-proxy';
import { applyEcho, type Echo, echoArb, HEADER_SAFE, skeyArb } from '../helpers/echoes';
import { fragmentLeaks } from '../helpers/fragments';
import { tempDir, writeFile } from '../helpers/harness';
import { runAtLevel } from '../helpers/run-at-level';
import { CANARY_ENV, forbiddenValues, twoOfEachYaml } from '../helpers/two-of-each';

const FORMATS: OutputFormat[] = ['text', 'json', 'markdown'];

type Render = (r: EchoedRequest, echo: Echo) => EchoAnswer;
const json = (body: object): string => JSON.stringify(body);

/** An sKey of the request body, as ISE quotes the one field it rejects. */
function sKeyOf(r: EchoedRequest, api: 'adminApi' | 'authenticationApi'): string {
  const body = JSON.parse(r.body) as { mfa?: { accountConfigurations?: object } } & Record<string, unknown>;
  const config = (body.mfa?.accountConfigurations ?? body) as Record<string, { sKey?: string } | undefined>;
  return config[api]?.sKey ?? '';
}

/** Where ISE quotes the request: an endpoint and the shape of the answer. */
const PLACES: Record<
  string,
  { method: string; path: RegExp; status: number; header?: true; render: Render }
> = {
  'connection create, JSON message': {
    method: 'POST',
    path: /^\/api\/v1\/duo-mfa\/mfa$/,
    status: 400,
    render: (r, e) => ({ body: json({ code: '400', message: applyEcho(echoText(r), e) }) }),
  },
  'connection create, the sKey field quoted': {
    method: 'POST',
    path: /^\/api\/v1\/duo-mfa\/mfa$/,
    status: 400,
    render: (r, e) => ({
      body: json({ code: '400', message: `Invalid adminApi.sKey ${applyEcho(sKeyOf(r, 'adminApi'), e)}` }),
    }),
  },
  'key check, the sKey field quoted': {
    method: 'POST',
    path: /\/testconnection\//,
    status: 400,
    render: (r, e) => ({
      body: json({
        code: '400',
        message: `Duo rejected sKey ${applyEcho(sKeyOf(r, 'authenticationApi'), e)}`,
      }),
    }),
  },
  'connection create, error code': {
    method: 'POST',
    path: /^\/api\/v1\/duo-mfa\/mfa$/,
    status: 400,
    render: (r, e) => ({ body: json({ code: applyEcho(r.body, e), message: 'Bad Request' }) }),
  },
  'connection create, plain-text body': {
    method: 'POST',
    path: /^\/api\/v1\/duo-mfa\/mfa$/,
    status: 400,
    render: (r, e) => ({ body: applyEcho(echoText(r), e), headers: { 'content-type': 'text/plain' } }),
  },
  'connection create, redirect Location': {
    method: 'POST',
    path: /^\/api\/v1\/duo-mfa\/mfa$/,
    status: 302,
    header: true,
    render: (r, e) => ({
      body: '',
      headers: { location: `https://ise.example.com/login?from=${applyEcho(echoText(r), e)}` },
    }),
  },
  'key check, JSON message': {
    method: 'POST',
    path: /\/testconnection\//,
    status: 400,
    render: (r, e) => ({ body: json({ code: '400', message: applyEcho(echoText(r), e) }) }),
  },
  'identity sync create, JSON message': {
    method: 'POST',
    path: /^\/api\/v1\/duo-identitysync\/identitysync$/,
    status: 400,
    render: (r, e) => ({ body: json({ code: '400', message: applyEcho(echoText(r), e) }) }),
  },
  'status read, 500 with the auth header': {
    method: 'GET',
    path: /^\/api\/v1\/duo-mfa\/status$/,
    status: 500,
    render: (r, e) => ({ body: json({ code: '500', message: applyEcho(echoText(r), e) }) }),
  },
  'status read, Content-Type header': {
    method: 'GET',
    path: /^\/api\/v1\/duo-mfa\/status$/,
    status: 200,
    header: true,
    render: (r, e) => ({
      body: '{"status":true}',
      headers: { 'content-type': `text/x-echo; a=${applyEcho(r.authorization, e)}` },
    }),
  },
};

let sim: RunningSimulator;
let proxy: EchoProxy;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({
    username: CANARY_ENV.ISE_USERNAME,
    password: CANARY_ENV.ISE_PASSWORD,
    secrets: 'clear',
  });
  proxy = await startEchoProxy(sim.url);
  dir = tempDir('ise-duo-echo-');
  writeFile(dir, 'site.yaml', twoOfEachYaml({ requestTimeoutSeconds: 5 }));
});
afterAll(async () => {
  await proxy.close();
  await sim.stop();
});

/** Random keys that look random: fast-check's smallest values ("AAAA…") would also match innocent text. */
const keyArb = skeyArb.filter((k) => new Set(k).size >= 16);
const keysArb = fc.record({
  CORP_ADMIN_SKEY: keyArb,
  CORP_AUTH_SKEY: keyArb,
  LAB_ADMIN_SKEY: keyArb,
  LAB_AUTH_SKEY: keyArb,
});

test('no fragment of a secret in stdout, stderr, logs or the saved plan, whatever ISE echoes', async () => {
  const counts: Record<string, number> = {};
  const formats = new Set<OutputFormat>();
  await fc.assert(
    fc.asyncProperty(
      keysArb,
      fc.constantFrom(...Object.keys(PLACES)),
      echoArb(),
      echoArb(HEADER_SAFE),
      fc.constantFrom(...FORMATS),
      async (keys, place, echo, headerEcho, format) => {
        sim.reset();
        const where = PLACES[place];
        proxy.echo([{ ...where, render: (r) => where.render(r, where.header ? headerEcho : echo) }]);
        const env = { ...CANARY_ENV, ...keys, ISE_URL: proxy.url };
        rmSync(join(dir, 'plan.json'), { force: true });
        const planned = await runAtLevel(
          (ctx) => plan({ file: 'site.yaml', format, out: 'plan.json' }, ctx),
          env,
          dir,
          'trace',
        );
        const applied = await runAtLevel(
          (ctx) => apply({ file: 'site.yaml', format, yes: true }, ctx),
          env,
          dir,
          'trace',
        );
        const secrets = [...Object.values(keys), ...forbiddenValues()];
        const texts: Record<string, string> = {
          'plan stdout': planned.out,
          'plan stderr': planned.err,
          'plan logs': planned.logs,
          'apply stdout': applied.out,
          'apply stderr': applied.err,
          'apply logs': applied.logs,
        };
        if (existsSync(join(dir, 'plan.json')))
          texts['plan.json'] = readFileSync(join(dir, 'plan.json'), 'utf8');
        const found = Object.entries(texts).flatMap(([w, t]) => fragmentLeaks(w, t, secrets));
        expect(found).toEqual([]);
        // Not vacuous: ISE quoted the request, the run failed, the trace logs were written.
        expect(proxy.echoed()).toBeGreaterThan(0);
        expect(applied.code).not.toBe(0);
        expect(applied.logs).toMatch(/"msg":"ISE request"/);
        counts[place] = (counts[place] ?? 0) + 1;
        formats.add(format);
      },
    ),
    { numRuns: 30 },
  );
  // fast-check spread the runs over the places and every output format.
  expect(Object.keys(counts).length).toBeGreaterThanOrEqual(5);
  expect([...formats].sort()).toEqual([...FORMATS].sort());
});
