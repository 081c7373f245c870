/**
 * Bad answers from "ISE", end to end. The client's unit tests cover each bad body with nock; here a real
 * loopback server gives each one to `plan`, in-process (an ApiError of kind bad-response, with an
 * explanation) and as the built CLI (exit 1, one line on stderr, no stack trace, nothing on stdout).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { plan } from '../../src/commands/plan';
import { ApiError } from '../../src/errors';
import { capture, DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';

interface BadAnswer {
  status: number;
  contentType?: string;
  body: string;
}

const BAD: Array<[string, BadAnswer, RegExp]> = [
  [
    'malformed JSON',
    { status: 200, contentType: 'application/json', body: '{"status": tru' },
    /malformed JSON/,
  ],
  [
    'an HTML error page',
    {
      status: 200,
      contentType: 'text/html',
      body: '<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>',
    },
    /HTML page/,
  ],
  ['a 200 with an empty body', { status: 200, contentType: 'application/json', body: '' }, /empty body/],
  [
    'a body of unexpected shape',
    { status: 200, contentType: 'application/json', body: '{"response":{"enabled":"yes"}}' },
    /unexpected shape/,
  ],
  [
    'a body that is too large',
    { status: 200, contentType: 'application/json', body: `{"status":true,"pad":"${'x'.repeat(6 << 20)}"}` },
    /too large/,
  ],
  [
    'a wrong content type',
    { status: 200, contentType: 'text/plain', body: '{"status":true}' },
    /content type "text\/plain"/,
  ],
];

let server: Server;
let answer: BadAnswer;
let requests = 0;
let dir: string;
let file: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {});
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = tempDir('ise-duo-bad-answers-');
  file = writeFile(dir, 'site.yaml', siteYaml({}));
  env = { ...DUO_ENV, ISE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

describe.each(BAD)('%s', (_name, bad, what) => {
  beforeEach(() => {
    answer = bad;
    requests = 0;
  });

  test('plan in-process: an ApiError (bad-response) with an explanation', async () => {
    const c = capture(env, dir);
    const error = await plan({ file, format: 'text' }, c.ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    const { details, message } = error as ApiError;
    expect(details.kind).toBe('bad-response');
    expect(details.explanation).toEqual(expect.stringMatching(/\w{3,}/));
    expect(message).toMatch(what);
    // The explanation is part of the one line the CLI prints (the runner adds no separate hint for it).
    expect(message).toContain(details.explanation);
    // The feature switch goes alone (the login test), and its bad answer is not retried.
    expect(requests).toBe(1);
  });

  test('plan as the CLI: exit 1, one clear line on stderr, no stack', async () => {
    const r = await runCli(['plan', file], env, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: GET \/api\/v1\/duo-mfa\/status failed: /);
    expect(lines[0]).toMatch(what);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
