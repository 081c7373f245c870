/**
 * The canary run. Every Duo key (both ikeys and sKeys of two connections) and the ISE password are canaries;
 * validate, plan (saving the plan), apply, drift and apply of the saved plan run at every log level including
 * trace, in every output format, with and without failing requests, the failures including answers that
 * echo the request body and the Authorization header back. The simulator returns sKeys in the clear, the
 * worst case. stdout, stderr, logs, every saved plan and every report are searched for each canary and for
 * the Basic credentials, and for any fragment of 8 or more characters of one (issue #15: a cut can leave a
 * piece of a key that no longer matches it whole); zero occurrences is the only pass.
 *
 * Besides the echoes of the whole body, each error path that quotes ISE has a case of its own (QUOTING):
 * an sKey quoted so that the client's 300-character cut falls inside it (the issue's case), cut by ISE too,
 * the body JSON-escaped twice in a plain-text answer, the request URL-encoded in a redirect's Location, and
 * the Basic credentials in a Content-Type header. These run at trace in every format.
 *
 * The matrix runs in-process (the same runner error mapping and logger configuration as the CLI); a smaller
 * set runs as real processes at trace level, to cover the CLI's own stderr logger, and `export`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apply } from '../../src/commands/apply';
import { drift } from '../../src/commands/drift';
import { plan } from '../../src/commands/plan';
import { validate } from '../../src/commands/validate';
import { LOG_LEVELS, type LogLevel } from '../../src/logger';
import type { OutputFormat } from '../../src/runtime/context';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { type EchoedRequest, type EchoProxy, type EchoRule, startEchoProxy } from '../helpers/echo-proxy';
import { fragmentLeaks } from '../helpers/fragments';
import { runCli, tempDir, writeFile } from '../helpers/harness';
import { runAtLevel } from '../helpers/run-at-level';
import { CANARY_ENV, forbiddenValues, twoOfEachYaml } from '../helpers/two-of-each';

const FORMATS: OutputFormat[] = ['text', 'json', 'markdown'];
const CONNECTION_CREATE = /^\/api\/v1\/duo-mfa\/mfa$/;
const RULE_CREATE = /^\/api\/v1\/policy\/(device-admin|network-access)\/policy-set\/[^/]+\/mfa$/;
const TEST_CONNECTION = /\/testconnection\//;
const STATUS = /^\/api\/v1\/duo-mfa\/status$/;

/** The keys of a connection or key-check body (`accountConfigurations`), which ISE may quote first. */
function keysOf(r: EchoedRequest): Record<string, { sKey?: string } | undefined> {
  const body = JSON.parse(r.body) as { mfa?: { accountConfigurations?: object } } & Record<string, unknown>;
  return (body.mfa?.accountConfigurations ?? body) as Record<string, { sKey?: string } | undefined>;
}

/** The adminApi sKey of a connection or key-check body, as ISE quotes the one field it rejects. */
const adminSKey = (r: EchoedRequest): string => keysOf(r).adminApi?.sKey ?? '';

/** `text` placed so that the client's cut at 300 characters keeps all but its last five characters. */
const straddling = (text: string) => `${'x'.repeat(300 - (text.length - 5))}${text}`;
const jsonAnswer = (message: string) => ({ body: JSON.stringify({ code: '400', message }) });

/**
 * Failing requests. `sim500` is the simulator's own fault on every write; the others echo what was sent.
 * `shows`: what the user must still see of ISE's answer, scrubbed.
 */
interface Fault {
  echo: EchoRule[];
  sim500?: true;
  shows?: RegExp;
}
const FAULTS: Record<string, Fault> = {
  'no failures': { echo: [] },
  'ISE echoes the create body and auth header': {
    echo: [{ method: 'POST', path: CONNECTION_CREATE, status: 400 }],
  },
  'ISE echoes the key check': { echo: [{ method: 'POST', path: /\/testconnection\//, status: 400 }] },
  // A rule body holds no key, and is long enough that the default echo is cut before the header: this one
  // quotes the Authorization header first, then the body.
  'ISE echoes a rule create': {
    echo: [
      {
        method: 'POST',
        path: RULE_CREATE,
        status: 400,
        render: (r) => jsonAnswer(`Rule refused (Authorization: ${r.authorization}): ${r.body}`),
      },
    ],
    shows: /Rule refused \(Authorization: Basic \(sensitive\)\)/,
  },
  'ISE echoes the auth header on a read (500)': {
    echo: [{ method: 'GET', path: /^\/api\/v1\/duo-mfa\/status$/, status: 500 }],
  },
  'every write fails with 500': { echo: [], sim500: true },
};

/** The error paths that quote ISE, one case each (see the header). */
const QUOTING: Record<string, Fault> = {
  'ISE quotes the sKey across the 300-character cut': {
    echo: [
      {
        method: 'POST',
        path: CONNECTION_CREATE,
        status: 400,
        render: (r) => jsonAnswer(straddling(adminSKey(r))),
      },
    ],
    shows: /xxxx\(sensitive\)/,
  },
  'ISE cuts its own quote of the sKey (a 30-character piece)': {
    echo: [
      {
        method: 'POST',
        path: CONNECTION_CREATE,
        status: 400,
        render: (r) => jsonAnswer(`Invalid sKey '${adminSKey(r).slice(0, 30)}...'`),
      },
    ],
    shows: /Invalid sKey '\(sensitive\)\.\.\.'/,
  },
  'the key check quotes the sKey across the cut': {
    echo: [
      {
        method: 'POST',
        path: TEST_CONNECTION,
        status: 400,
        render: (r) => jsonAnswer(straddling(adminSKey(r))),
      },
    ],
    shows: /xxxx\(sensitive\)/,
  },
  'a plain-text answer with the body JSON-escaped twice': {
    echo: [
      {
        method: 'POST',
        path: CONNECTION_CREATE,
        status: 400,
        render: (r) => ({
          body: `rejected: ${JSON.stringify(JSON.stringify(keysOf(r)))}`,
          headers: { 'content-type': 'text/plain' },
        }),
      },
    ],
    shows: /rejected: .*\(sensitive\)/,
  },
  'a redirect whose Location holds the request, URL-encoded': {
    echo: [
      {
        method: 'POST',
        path: CONNECTION_CREATE,
        status: 302,
        render: (r) => ({
          body: '',
          headers: {
            location: `https://ise.example.com/login?from=${encodeURIComponent(`${JSON.stringify(keysOf(r))} ${r.authorization}`)}`,
          },
        }),
      },
    ],
    shows: /redirected the request to https:\/\/ise\.example\.com\/login\?from=.*\(sensitive\)/,
  },
  'a Content-Type header quoting the Basic credentials': {
    echo: [
      {
        method: 'GET',
        path: STATUS,
        status: 200,
        render: (r) => ({
          body: '{"status":true}',
          headers: { 'content-type': `text/x-echo; a=${r.authorization}` },
        }),
      },
    ],
    shows: /content type "text\/x-echo; a=basic \(sensitive\)"/i,
  },
};
const ALL_FAULTS: Record<string, Fault> = { ...FAULTS, ...QUOTING };

let sim: RunningSimulator;
let proxy: EchoProxy;
let dir: string;
let env: NodeJS.ProcessEnv;
const FORBIDDEN = forbiddenValues();

/** Each forbidden value, or fragment of 8+ characters of one, found in `text`, with where it was found. */
function leaks(where: string, text: string): string[] {
  return fragmentLeaks(where, text, FORBIDDEN);
}

beforeAll(async () => {
  sim = await startSimulator({
    username: CANARY_ENV.ISE_USERNAME,
    password: CANARY_ENV.ISE_PASSWORD,
    secrets: 'clear',
  });
  proxy = await startEchoProxy(sim.url);
  dir = tempDir('ise-duo-canary-');
  writeFile(dir, 'site.yaml', twoOfEachYaml({ requestTimeoutSeconds: 5, rules: true }));
  env = { ...CANARY_ENV, ISE_URL: proxy.url };
});
afterAll(async () => {
  await proxy.close();
  await sim.stop();
});

/**
 * Every (failure, level) pair, and every (failure, format) pair at trace, the level that logs the most: 9
 * cases per failure mode instead of the 21 of the full product, covering each level, each format and each
 * failure mode.
 */
const faultNames = Object.keys(FAULTS);
const matrix = faultNames.flatMap((fault, f) => [
  ...LOG_LEVELS.map((level, l) => [fault, level, FORMATS[(f + l) % FORMATS.length]] as const),
  ...FORMATS.filter((_format, i) => i !== (f + LOG_LEVELS.indexOf('trace')) % FORMATS.length).map(
    (format) => [fault, 'trace' as LogLevel, format] as const,
  ),
]);
const quotingMatrix = Object.keys(QUOTING).flatMap((fault) =>
  FORMATS.map((format) => [fault, 'trace' as LogLevel, format] as const),
);

test.each([...matrix, ...quotingMatrix])(
  '%s, log level %s, format %s: no canary anywhere',
  async (fault, level, format) => {
    sim.reset();
    proxy.echo(ALL_FAULTS[fault].echo);
    if (ALL_FAULTS[fault].sim500) sim.addFault({ method: 'POST', kind: '500', times: 100 });
    const planFile = `plan-${fault.length}-${level}-${format}.json`;
    const run = (command: Parameters<typeof runAtLevel>[0]) =>
      runAtLevel(command, env, dir, level as LogLevel);
    const outputs = {
      validate: await run((ctx) =>
        validate({ files: ['site.yaml'], format: format === 'json' ? 'json' : 'text' }, ctx),
      ),
      plan: await run((ctx) => plan({ file: 'site.yaml', format, out: planFile }, ctx)),
      apply: await run((ctx) => apply({ file: 'site.yaml', format, yes: true }, ctx)),
      drift: await run((ctx) => drift({ file: 'site.yaml', format }, ctx)),
      'apply --plan': await run((ctx) => apply({ planFile, format, yes: true }, ctx)),
    };
    const found = Object.entries(outputs).flatMap(([command, r]) => [
      ...leaks(`${command} stdout`, r.out),
      ...leaks(`${command} stderr`, r.err),
      ...leaks(`${command} logs`, r.logs),
    ]);
    if (existsSync(join(dir, planFile)))
      found.push(...leaks(planFile, readFileSync(join(dir, planFile), 'utf8')));
    expect(found).toEqual([]);

    // The run was not vacuous: the keys travelled, the failures happened, the logs were written.
    if (fault === 'no failures') {
      expect(outputs.apply.code).toBe(0);
      expect(JSON.stringify(sim.snapshot())).toContain(CANARY_ENV.LAB_AUTH_SKEY);
    } else {
      expect(outputs.apply.code).not.toBe(0);
      if (!ALL_FAULTS[fault].sim500) {
        expect(proxy.echoed()).toBeGreaterThan(0);
        // The echo reached the user, scrubbed: ISE's words are kept, the secrets in them replaced.
        expect(outputs.apply.out + outputs.apply.err).toMatch(
          ALL_FAULTS[fault].shows ?? /Invalid request .*\(sensitive\)/,
        );
      }
    }
    if (level === 'trace') expect(outputs.apply.logs).toMatch(/"msg":"ISE request"/);
  },
);

/** The MFA rules the simulated ISE holds, both services, in rank order. */
function rulesOnIse(): string[] {
  const { policy } = sim.snapshot();
  return [policy.deviceAdmin, policy.networkAccess].flatMap((p) =>
    p.policySets.flatMap((s) => s.mfaRules.map((r) => r.rule?.name ?? '')),
  );
}

/** The real CLI at trace level: its own logger on stderr. */
const cliRuns: Array<[string, string, string[]]> = [
  ['validate', 'no failures', ['validate', 'site.yaml']],
  ['plan --out', 'no failures', ['plan', 'site.yaml', '--out', 'cli-plan.json']],
  ['plan', 'ISE echoes the auth header on a read (500)', ['plan', 'site.yaml', '--format', 'json']],
  [
    'apply',
    'ISE echoes the create body and auth header',
    ['apply', 'site.yaml', '--yes', '--format', 'json'],
  ],
  ['apply', 'ISE echoes the key check', ['apply', 'site.yaml', '--yes']],
  ['drift', 'ISE echoes the auth header on a read (500)', ['drift', 'site.yaml', '--format', 'markdown']],
  ['apply', 'no failures', ['apply', 'site.yaml', '--yes', '--format', 'markdown']],
  ['drift', 'no failures', ['drift', 'site.yaml', '--format', 'json']],
  ['export', 'no failures', ['export', '-o', 'exported.yaml']],
  ['export', 'ISE echoes the auth header on a read (500)', ['export']],
  ['apply', 'ISE echoes a rule create', ['apply', 'site.yaml', '--yes', '--format', 'json']],
];

test.each(cliRuns)('CLI %s at trace (%s): no canary in stdout, stderr or files', async (_c, fault, args) => {
  sim.reset();
  proxy.echo(FAULTS[fault].echo);
  const r = await runCli(['--log-level', 'trace', ...args], env, dir);
  const found = [...leaks('stdout', r.stdout), ...leaks('stderr', r.stderr)];
  for (const file of ['cli-plan.json', 'exported.yaml']) {
    if (existsSync(join(dir, file))) found.push(...leaks(file, readFileSync(join(dir, file), 'utf8')));
  }
  expect(found).toEqual([]);
  // Logs were written (validate never logs; the client's request lines are debug).
  if (args[0] !== 'validate') expect(r.stderr).toMatch(/"level":20,.*"msg":"ISE request"/);
  if (fault !== 'no failures') expect(proxy.echoed()).toBeGreaterThan(0);
});

/**
 * Export of an ISE that holds the file's connections and rules, at trace, in both output places (-o and
 * stdout): no canary, and the rules are in what it wrote (the run was not an export of an empty ISE).
 */
test.each([
  ['-o exported.yaml', ['export', '-o', 'exported.yaml']],
  ['stdout', ['export']],
])('CLI export at trace of an ISE with rules (%s): no canary, the rules exported', async (_where, args) => {
  sim.reset();
  proxy.echo([]);
  const applied = await runAtLevel(
    (ctx) => apply({ file: 'site.yaml', format: 'json', yes: true }, ctx),
    env,
    dir,
  );
  expect(applied.code).toBe(0);
  const r = await runCli(['--log-level', 'trace', ...args], env, dir);
  expect(r.code).toBe(0);
  const file = args.includes('-o') ? readFileSync(join(dir, 'exported.yaml'), 'utf8') : r.stdout;
  expect([...leaks('stdout', r.stdout), ...leaks('stderr', r.stderr), ...leaks('export', file)]).toEqual([]);
  expect(r.stderr).toMatch(/"level":20,.*"msg":"ISE request"/);
  for (const name of rulesOnIse()) expect(file).toContain(`- name: ${name}\n`);
  expect(file).toMatch(/^mfaPolicies:$/m);
});

/**
 * Redaction by path, whatever a future log line carries: the shapes that hold secrets in this code base
 * (ISE wire bodies, desired-state connections, request headers, an axios-style error's config) logged at
 * trace under the keys a caller would use, at every depth up to a request inside an error.
 */
describe('the logger censors secrets by path', () => {
  const basic = `Basic ${Buffer.from(`admin:${CANARY_ENV.ISE_PASSWORD}`).toString('base64')}`;
  const wireBody = {
    mfa: {
      connectionName: 'corp-duo',
      accountConfigurations: {
        adminApi: { ikey: CANARY_ENV.CORP_ADMIN_IKEY, sKey: CANARY_ENV.CORP_ADMIN_SKEY },
        authenticationApi: { ikey: CANARY_ENV.CORP_AUTH_IKEY, sKey: CANARY_ENV.CORP_AUTH_SKEY },
      },
    },
  };
  const desired = {
    duoConnections: [
      {
        name: 'lab-duo',
        adminApi: { ikey: CANARY_ENV.LAB_ADMIN_IKEY, skey: CANARY_ENV.LAB_ADMIN_SKEY },
        authApi: { ikey: CANARY_ENV.LAB_AUTH_IKEY, skey: CANARY_ENV.LAB_AUTH_SKEY },
      },
    ],
  };
  const headers = { Authorization: basic, authorization: basic };
  const shapes: Record<string, object> = {
    'a wire body': wireBody,
    'a wire body under body': { body: wireBody },
    'a wire body under request.body': { request: { body: wireBody } },
    'a desired-state connection list': desired,
    'a desired state under desired': { desired },
    headers: { headers },
    'request headers': { request: { headers } },
    "an axios-style error's config": {
      err: { config: { headers, auth: { password: CANARY_ENV.ISE_PASSWORD } } },
    },
    'an Error carrying a request config': {
      err: Object.assign(new Error('request failed'), { config: { headers, data: wireBody } }),
    },
    'a password': { password: CANARY_ENV.ISE_PASSWORD, target: { password: CANARY_ENV.ISE_PASSWORD } },
  };

  test.each(Object.entries(shapes))('%s', async (_name, shape) => {
    const r = await runAtLevel(
      async (ctx) => {
        ctx.logger.trace(shape, 'shape');
        return { exitCode: 0 };
      },
      {},
      dir,
      'trace',
    );
    expect(r.logs).toMatch(/"msg":"shape"/);
    expect(leaks('log', r.logs)).toEqual([]);
    expect(r.logs).not.toContain(basic);
  });
});
