/**
 * The work a load does, not only its result (issue 12): one lexer pass per parse, a parser that never sees
 * tokens past the nesting limit, no environment read per token, no scrubber for a file without messages.
 * Each of these was once a measurable share of a fleet's CPU and garbage.
 */
import { Lexer, Parser } from 'yaml';
import { parseDesiredState } from '../../../src/desired/load';
import { parseYaml } from '../../../src/desired/parse-yaml';
import * as scrubber from '../../../src/model/scrubber';
import { TEST_ENV } from './helpers';

const TOO_DEEP = 'the file is nested too deeply (the limit is 64 levels of lists and mappings)';

/** A valid file of `n` syncs, each used by one connection: it loads without warnings. */
function site(n: number): string {
  const lines = ['version: 1', 'ise:', '  password: ${env:ISE_PASSWORD}', 'mfa: { enabled: true }'];
  lines.push('identitySyncs:');
  for (let i = 0; i < n; i++) {
    lines.push(`  - name: sync-${i}`, '    activeDirectories: [CORP_AD]');
    lines.push('    adGroups: [{ source: CORP_AD, name: corp.example.com/Users/VPN Users }]');
  }
  lines.push('duoConnections:');
  for (let i = 0; i < n; i++) {
    lines.push(
      `  - name: duo-${i}`,
      `    identitySync: sync-${i}`,
      '    types: [VPN]',
      '    apiHostName: ${env:DUO_HOST}',
      '    adminApi: { ikey: "${env:DUO_ADMIN_IKEY}", skey: "${env:DUO_ADMIN_SKEY}" }',
      '    authApi: { ikey: "${env:DUO_AUTH_IKEY}", skey: "${env:DUO_AUTH_SKEY}" }',
    );
  }
  return `${lines.join('\n')}\n`;
}

afterEach(() => jest.restoreAllMocks());

test('the text is lexed once: the nesting estimate and the parser share one pass', () => {
  const lex = jest.spyOn(Lexer.prototype, 'lex');
  expect(parseYaml(site(3)).ok).toBe(true);
  expect(lex).toHaveBeenCalledTimes(1);
});

test('the parser gets no token past the nesting limit', () => {
  const next = jest.spyOn(Parser.prototype, 'next');
  const result = parseYaml('['.repeat(200_000));
  expect(result).toEqual({
    ok: false,
    problems: [{ line: 1, column: 65, message: TOO_DEEP, severity: 'error' }],
  });
  expect(next.mock.calls.length).toBeLessThanOrEqual(66);
});

test('nesting is refused anywhere in the file, also past a second document that stops the parse', () => {
  const third = `c: ${'['.repeat(100)}1${']'.repeat(100)}\n`;
  expect(parseYaml(`a: 1\n---\nb: 2\n---\n${third}`)).toEqual({
    ok: false,
    problems: [{ line: 5, column: 68, message: TOO_DEEP, severity: 'error' }],
  });
  const docs = parseYaml('a: 1\n---\nb: 2\n---\nc: 3\n');
  expect(!docs.ok && docs.problems.map((p) => [p.line, p.message])).toEqual([
    [2, 'the file holds more than one YAML document ("---"); put the whole desired state in one document'],
  ]);
});

test('the parse reads the environment twice (the two yaml debug switches), not once per token', () => {
  const real = process.env;
  const reads: string[] = [];
  const counting = new Proxy(real, {
    get: (target, name) => {
      if (typeof name === 'string') reads.push(name);
      return Reflect.get(target, name);
    },
  });
  process.env = counting;
  try {
    expect(parseYaml(site(50)).ok).toBe(true);
    expect(process.env).toBe(counting);
  } finally {
    process.env = real;
  }
  expect(reads).toEqual(['LOG_TOKENS', 'LOG_STREAM']);
});

test('no scrubber is built for a file that loads without messages; one when there are some', () => {
  const build = jest.spyOn(scrubber, 'createScrubber');
  const clean = parseDesiredState(site(2), 'site.yaml', TEST_ENV);
  expect(clean.ok && clean.warnings).toEqual([]);
  expect(build).not.toHaveBeenCalled();
  const unused = site(2).replace('identitySync: sync-1', 'identitySync: sync-0');
  const warned = parseDesiredState(unused, 'site.yaml', TEST_ENV);
  expect(warned.ok && warned.warnings.map((w) => w.message)).toEqual([
    expect.stringMatching(/^identity sync "sync-1" is not used by any Duo connection/),
  ]);
  expect(build).toHaveBeenCalledTimes(1);
  // Each sensitive value once, however many connections take it.
  const values = build.mock.calls[0]![0];
  expect(new Set(values).size).toBe(values.length);
  expect(values).toEqual(expect.arrayContaining([TEST_ENV.DUO_ADMIN_SKEY, TEST_ENV.ISE_PASSWORD]));
});
