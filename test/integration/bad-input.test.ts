/**
 * Bad input from the user, every case in one table, each run as the built CLI in a real process: exit 1
 * (exit 3 for a saved plan that was read and is refused: every refusal before a write is 3), one clear line on stderr (what is wrong; any further line only a hint), no stack trace, nothing on stdout,
 * and not one request to ISE (a simulator stands at ISE_URL and its request log must stay empty).
 *
 * Cases: command lines (unknown flags and commands, missing arguments and values, bad values, conflicting
 * flags), files (missing, unreadable, a folder where a file belongs, a YAML syntax error), saved plans
 * (corrupted, another version, another ISE, edited by hand) and environment (ISE_URL, caFile, a missing
 * variable).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { plan } from '../../src/commands/plan';
import { type Plan, signPlan } from '../../src/model/plan';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { DUO_ENV, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { runAtLevel } from '../helpers/run-at-level';

interface BadInput {
  args: string[];
  /** Replaces variables of the default environment; undefined removes one. */
  env?: Record<string, string | undefined>;
  /** What the first line of stderr must say. */
  says: RegExp;
  /** The exit code; 1 unless given. */
  code?: number;
}

const CASES: Record<string, BadInput> = {
  // Command lines
  'an unknown flag': { args: ['plan', 'site.yaml', '--bogus'], says: /unknown option '--bogus'/ },
  'an unknown global flag': { args: ['--verbose', 'drift', 'site.yaml'], says: /unknown option '--verbose'/ },
  'an unknown command': { args: ['plna', 'site.yaml'], says: /unknown command 'plna'/ },
  'plan without a file': { args: ['plan'], says: /missing required argument/ },
  'drift without a file': { args: ['drift'], says: /missing required argument/ },
  'apply with neither a file nor --plan': {
    args: ['apply', '--yes'],
    says: /apply needs a desired-state file/,
  },
  // Audit B of 2026-12-02: this replaced the desired file with the plan's JSON and exited 0.
  '--out naming the desired file itself': {
    args: ['plan', 'site.yaml', '--out', './site.yaml'],
    says: /--out .*site\.yaml is the desired-state file itself: writing there would replace it/,
  },
  'a flag without its value': {
    args: ['plan', 'site.yaml', '--format'],
    says: /'--format <format>' argument missing/,
  },
  'a format that does not exist': {
    args: ['plan', 'site.yaml', '--format', 'yaml'],
    says: /'yaml' is invalid/,
  },
  'a log level that does not exist': {
    args: ['--log-level', 'loud', 'plan', 'site.yaml'],
    says: /'loud' is invalid/,
  },
  // Audit of 2026-12-02: these ran (0 for one file; 1e3 and 0x10 as numbers), fell back unnoticed, or passed.
  '--parallelism 0 for one file': {
    args: ['plan', 'site.yaml', '--parallelism', '0'],
    says: /--parallelism <n>' argument '0' is invalid\. use a whole number of at least 1/,
  },
  '--parallelism in exponent form': {
    args: ['plan', 'site.yaml', '--parallelism', '1e3'],
    says: /argument '1e3' is invalid\. use a whole number of at least 1/,
  },
  '--apply-parallelism in hex': {
    args: ['apply', 'site.yaml', '--yes', '--apply-parallelism', '0x10'],
    says: /argument '0x10' is invalid\. use a whole number of at least 1/,
  },
  'an empty --ise-url': {
    args: ['plan', 'site.yaml', '--ise-url', ''],
    says: /--ise-url <url>' argument '' is invalid\. it is empty; give the ISE as https:\/\/host/,
  },
  'validate with an --ise-url that is not an ISE': {
    args: ['validate', 'site.yaml', '--ise-url', 'ftp://x'],
    says: /--ise-url "ftp:\/\/x" must start with https:\/\//,
  },
  '--format twice, differently': {
    args: ['plan', 'site.yaml', '--format', 'json', '--format=text'],
    says: /--format is given twice, as "json" and as "text"/,
  },
  '--ise-url twice, differently': {
    args: ['drift', 'site.yaml', '--ise-url', 'http://127.0.0.1:1', '--ise-url', 'http://127.0.0.1:2'],
    says: /--ise-url is given twice/,
  },
  "apply <file> --plan with a file that is not the plan's": {
    args: ['apply', 'other.yaml', '--plan', 'plan.json', '--yes'],
    says: /other\.yaml is not the file the saved plan was made from \(site\.yaml\)/,
  },
  // Files
  'a missing file (plan)': { args: ['plan', 'missing.yaml'], says: /missing\.yaml: error: file not found/ },
  'a missing file (apply)': {
    args: ['apply', 'missing.yaml', '--yes'],
    says: /missing\.yaml: error: file not found/,
  },
  'an unreadable file (symlink loop)': {
    args: ['plan', 'loop.yaml'],
    says: /loop\.yaml: error: cannot read the file/,
  },
  'a path through a file': { args: ['drift', 'site.yaml/inner.yaml'], says: /error: file not found/ },
  'a folder with no files (plan)': { args: ['plan', 'empty'], says: /empty: the folder holds no \.yaml/ },
  'a folder with no files (apply)': {
    args: ['apply', 'empty', '--yes'],
    says: /empty: the folder holds no \.yaml/,
  },
  'a folder with no files (drift)': { args: ['drift', 'empty'], says: /empty: the folder holds no \.yaml/ },
  'a folder as the saved plan': {
    args: ['apply', '--plan', 'empty', '--yes'],
    says: /plan file .*empty is a directory/,
  },
  'a folder as plan --out': {
    args: ['plan', 'site.yaml', '--out', 'empty'],
    says: /--out .*empty is a directory/,
  },
  'a folder as export -o': {
    args: ['export', '-o', 'empty'],
    says: /-o .*empty is a directory/,
  },
  'export -o into a missing folder': {
    args: ['export', '-o', 'nowhere/site.yaml'],
    says: /-o .*nowhere\/site\.yaml: the folder .* does not exist/,
  },
  // Adversarial pass of 2026-12-04: each of these was accepted, and saved the plan somewhere else or
  // replaced what was there (a FIFO stands for devices too: a test that regressed must not replace one).
  'plan --out onto a FIFO': {
    args: ['plan', 'site.yaml', '--out', 'fifo.pem'],
    says: /--out .*fifo\.pem is not a regular file \(a device, FIFO or socket\)/,
  },
  'plan --out naming a folder that does not exist': {
    args: ['plan', 'site.yaml', '--out', 'fl2x/'],
    says: /--out .*fl2x\/ names a folder \(it ends with a "\/"\), and there is none/,
  },
  'an empty plan --out': {
    args: ['plan', 'site.yaml', '--out', ''],
    says: /--out <plan\.json>' argument '' is invalid\. it is empty/,
  },
  'an empty apply --plan': {
    args: ['apply', '--plan', '', '--yes'],
    says: /--plan <plan\.json>' argument '' is invalid\. it is empty/,
  },
  'an empty export -o': {
    args: ['export', '-o', ''],
    says: /-o, --output <file\.yaml>' argument '' is invalid\. it is empty/,
  },
  'plan --out into a missing folder': {
    args: ['plan', 'site.yaml', '--out', 'nowhere/plan.json'],
    says: /the folder .*nowhere does not exist/,
  },
  // Audit of 2026-12-02: found only after every read, as a bare "ENOENT". /proc takes no new files, even
  // from root, whom permission bits would let through.
  'plan --out where no file can be created': {
    args: ['plan', 'site.yaml', '--out', '/proc/plan.json'],
    says: /--out \/proc\/plan\.json: cannot create a file in \/proc \(.*ENOENT\)/,
  },
  'export -o where no file can be created': {
    args: ['export', '-o', '/proc/site.yaml'],
    says: /-o \/proc\/site\.yaml: cannot create a file in \/proc/,
  },
  'a YAML syntax error': {
    args: ['plan', 'broken.yaml'],
    says: /broken\.yaml:\d+:\d+: error: YAML syntax error/,
  },
  'an MFA rule naming a Duo connection the file does not have': {
    args: ['apply', 'rule-connection.yaml', '--yes'],
    says: /rule-connection\.yaml:\d+:\d+: error: "connection" "corp-duoo" is not a Duo connection in this file/,
  },
  'an MFA rule whose condition mixes two forms': {
    args: ['plan', 'rule-condition.yaml'],
    says: /rule-condition\.yaml:\d+:\d+: error: "condition" mixes an attribute test and "library"/,
  },
  // Saved plans
  'a saved plan that is not JSON': {
    args: ['apply', '--plan', 'corrupt.json', '--yes'],
    says: /is not valid JSON \((at character \d+|it ends too early: cut short\?)\)$/,
    code: 3,
  },
  'a saved plan of another version': {
    args: ['apply', '--plan', 'v3.json', '--yes'],
    says: /has format version 3; this ise-duo reads version 2/,
    code: 3,
  },
  'a saved plan for another ISE': {
    args: ['apply', '--plan', 'other-ise.json', '--yes'],
    says: /the saved plan is for https:\/\/ise-other\.example\.com, not http:\/\/127\.0\.0\.1/,
    code: 3,
  },
  'a saved plan edited by hand': {
    args: ['apply', '--plan', 'edited.json', '--yes'],
    says: /checksum mismatch/,
    code: 3,
  },
  // Environment
  'an ISE_URL that is not a URL': {
    args: ['plan', 'site.yaml'],
    env: { ISE_URL: 'not a url' },
    says: /ISE_URL "not a url" is not a URL/,
  },
  'an ISE_URL with a path': {
    args: ['drift', 'site.yaml'],
    env: { ISE_URL: 'https://ise.example.com/admin/' },
    says: /must be the ISE host only/,
  },
  'an ISE_URL with credentials in it (never echoed)': {
    args: ['plan', 'site.yaml'],
    env: { ISE_URL: 'https://admin:hunter2-canary@ise.example.com' },
    says: /ISE_URL "https:\/\/\(credentials hidden\)@ise\.example\.com" must not hold credentials/,
  },
  'an --ise-url that is not http(s)': {
    args: ['plan', 'site.yaml', '--ise-url', 'ftp://ise.example.com'],
    says: /must start with https:\/\//,
  },
  'sync --timeout 0 (a wait that cannot succeed)': {
    args: ['sync', 'site.yaml', '--timeout', '0'],
    says: /option '--timeout <seconds>' argument '0' is invalid\. use a whole number of at least 1/,
  },
  'sim --tls-cert with a file that is not PEM': {
    args: ['sim', '--port', '0', '--tls-cert', 'notcert.pem', '--tls-key', 'notcert.pem'],
    says: /--tls-cert notcert\.pem is not a PEM certificate/,
  },
  // Audit B of 2026-12-02: these were found by the client, without the file's line and column.
  'a caFile that is not a certificate': {
    args: ['plan', 'badca.yaml'],
    says: /^badca\.yaml:3:11: error: "caFile" .*notcert\.pem holds no PEM certificate/,
  },
  'a caFile that does not exist': {
    args: ['apply', 'noca.yaml', '--yes'],
    says: /^noca\.yaml:3:11: error: "caFile" .*nope\.pem is not found: give the PEM file of ISE's CA/,
  },
  // Audit of 2026-12-02: these hung (a FIFO, even past SIGTERM), grew to gigabytes or aborted (/dev/zero).
  'a caFile that is a device': {
    args: ['plan', 'zeroca.yaml'],
    says: /^zeroca\.yaml:3:11: error: "caFile" \/dev\/zero cannot be read: is not a regular file \(a device, pipe or socket\)/,
  },
  'a caFile that is a FIFO': {
    args: ['plan', 'fifoca.yaml'],
    says: /^fifoca\.yaml:3:11: error: "caFile" .*fifo\.pem cannot be read: is not a regular file/,
  },
  'a saved plan that is a device': {
    args: ['apply', '--plan', '/dev/zero', '--yes'],
    says: /cannot read plan file \/dev\/zero: is not a regular file/,
  },
  'a saved plan that is a FIFO': {
    args: ['apply', '--plan', 'fifo.pem', '--yes'],
    says: /cannot read plan file .*fifo\.pem: is not a regular file/,
  },
  'a fleet report that is a device': {
    args: ['fleet-report', 'merge', '/dev/zero'],
    says: /\/dev\/zero: is not a regular file/,
  },
  'a variable the file needs is not set': {
    args: ['plan', 'site.yaml'],
    env: { DUO_AUTH_SKEY: undefined },
    says: /site\.yaml:\d+:\d+: error: .*DUO_AUTH_SKEY/,
  },
};

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ username: DUO_ENV.ISE_USERNAME, password: DUO_ENV.ISE_PASSWORD });
  dir = tempDir('ise-duo-bad-input-');
  env = { ...DUO_ENV, ISE_URL: sim.url };
  const site = siteYaml({});
  writeFile(dir, 'site.yaml', site);
  writeFile(dir, 'other.yaml', site);
  writeFile(dir, 'broken.yaml', 'version: 1\nmfa: { enabled: true }\nprune: [unclosed\n');
  writeFile(dir, 'notcert.pem', 'this is not a certificate\n');
  writeFile(dir, 'badca.yaml', site.replace('ise:\n', 'ise:\n  caFile: notcert.pem\n'));
  writeFile(dir, 'noca.yaml', site.replace('ise:\n', 'ise:\n  caFile: nope.pem\n'));
  writeFile(dir, 'zeroca.yaml', site.replace('ise:\n', 'ise:\n  caFile: /dev/zero\n'));
  execFileSync('mkfifo', [join(dir, 'fifo.pem')]);
  writeFile(dir, 'fifoca.yaml', site.replace('ise:\n', 'ise:\n  caFile: fifo.pem\n'));
  const rule = (condition: string, connection = 'corp-duo') =>
    `${site}mfaPolicies:\n  - service: deviceAdmin\n    policySet: Default\n    rules:\n` +
    `      - { name: Admins use Duo, connection: ${connection}, condition: ${condition} }\n`;
  writeFile(dir, 'rule-connection.yaml', rule('{ library: Network-Admins }', 'corp-duoo'));
  writeFile(
    dir,
    'rule-condition.yaml',
    rule('{ library: Network-Admins, dictionary: DEVICE, attribute: Location, operator: equals, value: x }'),
  );
  mkdirSync(join(dir, 'empty'));
  symlinkSync('loop.yaml', join(dir, 'loop.yaml'));

  // A real saved plan, then the ways it goes wrong.
  const made = await runAtLevel(
    (ctx) => plan({ file: 'site.yaml', format: 'json', out: 'plan.json' }, ctx),
    env,
    dir,
  );
  expect(made.code).toBe(0);
  const text = readFileSync(join(dir, 'plan.json'), 'utf8');
  const saved = JSON.parse(text) as Plan;
  expect(saved.changes.length).toBeGreaterThan(1);
  const { checksum: _c, ...unsigned } = saved;
  writeFile(dir, 'corrupt.json', text.slice(0, text.length / 2));
  writeFile(dir, 'v3.json', JSON.stringify({ ...saved, formatVersion: 3 }));
  writeFile(
    dir,
    'other-ise.json',
    JSON.stringify(signPlan({ ...unsigned, target: 'https://ise-other.example.com' })),
  );
  writeFile(dir, 'edited.json', JSON.stringify({ ...saved, changes: saved.changes.slice(0, -1) }));
  sim.clearLog();
});
afterAll(() => sim.stop());

/** Lines after the first may only point the way: commander's usage pointer, a suggestion, or our hint. */
const HINT = /^(hint: |\(run with --help for usage\)|\(Did you mean .*\?\))/;

test.concurrent.each(Object.entries(CASES))(
  '%s: exit 1 (or 3), one clear line, nothing sent',
  async (_name, c) => {
    const runEnv: NodeJS.ProcessEnv = { ...env, ...c.env };
    for (const [k, v] of Object.entries(c.env ?? {})) if (v === undefined) delete runEnv[k];
    const r = await runCli(c.args, runEnv, dir);
    expect(r.code).toBe(c.code ?? 1);
    expect(r.stdout).toBe('');
    const [first, ...rest] = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(first).toMatch(c.says);
    expect(first).toMatch(/^(error: |\S+:\d+:\d+: error: |\S+: error: )/);
    for (const line of rest) expect(line).toMatch(HINT);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('hunter2');
    expect(sim.requestLog()).toEqual([]);
  },
);

test(`all ${Object.keys(CASES).length} bad inputs together sent no request to ISE`, () => {
  expect(sim.requestLog()).toEqual([]);
});
