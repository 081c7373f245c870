/**
 * The package as a user gets it: `npm pack` on a clean copy of the repository (its prepack builds dist/),
 * the tarball installed with npm into a temporary prefix, and the installed `ise-duo` run from there:
 * `--version`, `validate` on the shipped examples, `sim` from the installed package and a plan against it,
 * and an export whose `$schema` line points into the project's node_modules. One pack and one install
 * for every case.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanCopy } from '../helpers/clean-copy';
import { DUO_ENV, REPO, tempDir } from '../helpers/harness';
import { type ProcessSimulator, startProcessSimulator } from '../helpers/process-sim';

const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const SHIPPED =
  /^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts)|dist\/code-cache\/[\w.-]+\.(bin|json)|schemas\/[\w-]+\.schema\.json|seeds\/[\w-]+\.yaml|examples\/[\w/.-]+\.ya?ml)$/;
const EXAMPLE_ENV = {
  ...DUO_ENV,
  ISE_USERNAME: 'admin',
  ISE_PASSWORD: 'demo-password',
  DUO_ADMIN_SKEY: 'demo-admin-secret-key-0000000000000000000',
  DUO_AUTH_SKEY: 'demo-auth-secret-key-00000000000000000000',
  LAB_DUO_ADMIN_IKEY: 'DILABADMIN0000000000',
  LAB_DUO_ADMIN_SKEY: 'lab-admin-secret-key-00000000000000000000',
  LAB_DUO_AUTH_IKEY: 'DILABAUTH00000000000',
  LAB_DUO_AUTH_SKEY: 'lab-auth-secret-key-000000000000000000000',
};

jest.setTimeout(240_000);

let files: string[] = [];
let prefix = '';
let bin = '';
let sim: ProcessSimulator | undefined;

/** Runs the installed CLI; never throws, so exit codes can be asserted. */
async function iseDuo(args: string[], env: NodeJS.ProcessEnv = {}, cwd = prefix) {
  try {
    const r = await run(bin, args, { cwd, env: { PATH: process.env.PATH, ...env } });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  const copy = cleanCopy();
  expect(existsSync(join(copy, 'dist'))).toBe(false); // nothing built: prepack must build it
  const out = tempDir('ise-duo-pack-');
  const packed = await run('npm', ['pack', '--json', '--pack-destination', out], {
    cwd: copy,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  files = info.files.map((f) => f.path).sort();
  prefix = tempDir('ise-duo-prefix-');
  await run(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(out, info.filename)],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  bin = join(prefix, 'node_modules/.bin/ise-duo');
});

afterAll(async () => {
  await sim?.stop();
});

test('the tarball ships dist/, schemas/, seeds/, examples/, LICENSE and nothing else', () => {
  expect(files.filter((f) => !SHIPPED.test(f))).toEqual([]);
  expect(files).toEqual(
    expect.arrayContaining([
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/code-cache/manifest.json',
      'dist/index.js',
      'dist/index.d.ts',
      'seeds/default.yaml',
      'schemas/ise-duo.schema.json',
      'examples/minimal.yaml',
      'examples/ci/gitlab-ci.yml',
    ]),
  );
  expect(files.some((f) => f.startsWith('dist/demo'))).toBe(false); // `npm start` only, not the CLI
  expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(
    /^MIT License\n\nCopyright \(c\) 2026 the ise-duo authors\n/,
  );
});

test('the installed ise-duo --version is package.json’s', async () => {
  const r = await iseDuo(['--version']);
  expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
});

test('validate on the installed examples folder passes', async () => {
  const r = await iseDuo(['validate', 'node_modules/ise-duo/examples'], EXAMPLE_ENV);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/examples\/minimal\.yaml: valid/);
  const lines = r.stdout.trim().split('\n');
  expect(lines.filter((l) => /: valid \(/.test(l))).toHaveLength(3);
  // full.yaml names the CA file a real site would have (certs/ise-ca.pem), which the package does not ship.
  expect(lines.filter((l) => !/: valid \(/.test(l))).toEqual([
    expect.stringMatching(/examples\/full\.yaml:17:11: warning: "caFile" .*ise-ca\.pem is not found here/),
  ]);
});

test('sim from the installed package (its shipped seed), and a plan against it', async () => {
  sim = await startProcessSimulator(bin, [], {});
  const r = await iseDuo(['plan', 'node_modules/ise-duo/examples/minimal.yaml', '--detailed-exitcode'], {
    ...EXAMPLE_ENV,
    ISE_URL: sim.url,
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(2);
  expect(r.stdout).toMatch(/identity-sync "corp-ad" will be created/);
  const exported = await iseDuo(['export', '-o', 'site.yaml'], { ...EXAMPLE_ENV, ISE_URL: sim.url });
  expect(exported.code).toBe(0);
  expect(readFileSync(join(prefix, 'site.yaml'), 'utf8').split('\n')[0]).toBe(
    '# yaml-language-server: $schema=node_modules/ise-duo/schemas/ise-duo.schema.json',
  );
});

test('the action’s install step with `package:` installs it globally and says where (scripts/action/install.sh)', async () => {
  const globalPrefix = tempDir('ise-duo-global-');
  const githubEnv = join(tempDir(), 'github-env');
  const installed = join(prefix, 'node_modules/ise-duo'); // a folder: npm links it, so no second download
  await run('bash', [join(REPO, 'scripts/action/install.sh')], {
    env: {
      PATH: process.env.PATH,
      HOME: globalPrefix,
      NPM_CONFIG_PREFIX: globalPrefix,
      GITHUB_ACTION_PATH: REPO,
      GITHUB_ENV: githubEnv,
      INPUT_PACKAGE: installed,
    },
  });
  const cli = join(globalPrefix, 'bin/ise-duo');
  expect(readFileSync(githubEnv, 'utf8')).toBe(`ISE_DUO_CLI=${cli}\n`);
  const version = await run(process.execPath, [cli, '--version']);
  expect(version.stdout).toBe(`${VERSION}\n`);
});
