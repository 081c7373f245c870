/**
 * AD names checked while MFA is off (audit of 2026-12-02): Duo's lookups answer 403 then, and the apply
 * that switches MFA on is the one that creates the syncs, so a misspelt join point or group used to pass
 * the plan and fail the apply after MFA was on (exit 5). ISE's ERS API answers whatever the switch says:
 * the names are checked there, placed in the file, before any write. Where ERS is off, the plan says so.
 */
import { apply } from '../../src/commands/apply';
import { plan } from '../../src/commands/plan';
import { validate } from '../../src/commands/validate';
import type { Plan } from '../../src/model/plan';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startSeededSimulator } from '../helpers/seeded-sim';

const GOOD = siteYaml({});
const BAD = GOOD.replaceAll('CORP_AD', 'CORP-AD');
const BAD_EXPECTED = [
  'bad.yaml:8:25: error: identity sync "corp-ad": AD join point "CORP-AD" is not on ISE; did you mean "CORP_AD"? (ISE has: "CORP_AD", "LAB_AD")',
];
const GROUP = GOOD.replace('Users/Network Admins', 'Users/Network admins');
const GROUP_EXPECTED = [
  'group.yaml:11:34: error: identity sync "corp-ad": AD group "corp.example.com/Users/Network admins" is not a group of join point "CORP_AD" on ISE; did you mean "corp.example.com/Users/Network Admins"?',
];
const CHECKED =
  "The AD join points and groups the file names were checked through ISE's ERS API, and ISE has them.";

let off: RunningSimulator;
let noErs: RunningSimulator;
let dir: string;

beforeAll(async () => {
  off = await startSeededSimulator();
  noErs = await startSeededSimulator({ ersEnabled: false });
  dir = tempDir();
  writeFile(dir, 'good.yaml', GOOD);
  writeFile(dir, 'bad.yaml', BAD);
  writeFile(dir, 'group.yaml', GROUP);
});
afterAll(async () => {
  await off.stop();
  await noErs.stop();
});

const on = (sim: RunningSimulator) => ({ ...DUO_ENV, ISE_URL: sim.url });
const writes = (sim: RunningSimulator) => sim.requestLog().filter((q) => q.method !== 'GET');

test('plan with MFA off: a misspelt join point is an error at its line and column, found through ERS', async () => {
  off.clearLog();
  const r = await runCommand((ctx) => plan({ file: 'bad.yaml', format: 'text' }, ctx), on(off), dir);
  expect(r.code).toBe(1);
  expect(r.err.trimEnd().split('\n')).toEqual(BAD_EXPECTED);
  expect(r.out).toBe('');
  const paths = off.requestLog().map((q) => `${q.method} ${q.path}`);
  // By name first (one round trip when it is right), then the list, for what ISE has (the log drops queries).
  expect(paths.filter((p) => p.includes('/ers/'))).toEqual([
    'GET /ers/config/activedirectory/name/CORP-AD',
    'GET /ers/config/activedirectory',
  ]);
  expect(writes(off)).toEqual([]);
});

test('apply with MFA off: a misspelt group stops it before MFA is switched on, exit 1', async () => {
  off.clearLog();
  const r = await runCommand(
    (ctx) => apply({ file: 'group.yaml', format: 'text', yes: true }, ctx),
    on(off),
    dir,
  );
  expect(r.code).toBe(1);
  expect(r.err).toContain(GROUP_EXPECTED[0]);
  expect(writes(off)).toEqual([]);
  expect(off.snapshot().mfaEnabled).toBe(false);
  // The group's join point was read in detail, once; no other.
  const details = off.requestLog().filter((q) => /^\/ers\/config\/activedirectory\/[^?]/.test(q.path));
  expect(details).toHaveLength(1);
});

test('validate --online with MFA off: the same errors, through ERS', async () => {
  const r = await runCommand(
    (ctx) => validate({ files: ['bad.yaml', 'group.yaml'], format: 'text', online: true }, ctx),
    on(off),
    dir,
  );
  expect(r.code).toBe(1);
  expect(r.out.split('\n').filter((l) => l.includes(': error: '))).toEqual([
    ...BAD_EXPECTED,
    ...GROUP_EXPECTED,
  ]);
  expect(r.out).not.toContain('not checked');
});

test('correct names: the plan says ERS checked them, and the apply switches MFA on and converges', async () => {
  const p = await runCommand((ctx) => plan({ file: 'good.yaml', format: 'json' }, ctx), on(off), dir);
  expect(p.code).toBe(0);
  expect((JSON.parse(p.out) as Plan).notes).toContain(CHECKED);
  const r = await runCommand(
    (ctx) => apply({ file: 'good.yaml', format: 'text', yes: true }, ctx),
    on(off),
    dir,
  );
  expect(r.code).toBe(0);
  expect(r.out).toContain('Converged: a fresh plan shows no changes.');
  expect(off.snapshot().mfaEnabled).toBe(true);
});

test('ERS off: the plan says the names were not checked and what ERS answered; validate --online warns', async () => {
  const p = await runCommand((ctx) => plan({ file: 'bad.yaml', format: 'json' }, ctx), on(noErs), dir);
  expect(p.code).toBe(0);
  expect((JSON.parse(p.out) as Plan).notes).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/could not be checked \(.*, and ISE's ERS API answered 403\).*turn on ERS/),
    ]),
  );
  const v = await runCommand(
    (ctx) => validate({ files: ['bad.yaml'], format: 'text', online: true }, ctx),
    on(noErs),
    dir,
  );
  expect(v.code).toBe(0);
  expect(v.out).toContain(
    `bad.yaml: warning: --online: MFA is off on ${noErs.url}, so Duo's lookups list no AD join points, and ERS answered 403; AD names not checked`,
  );
  expect(writes(noErs)).toEqual([]);
});

// Audit of the ERS check, finding 2: the create refused for its unknown group was reported as an object
// "ISE kept while MFA was off", which the re-read had not found.
test("ERS off and a misspelt group: the apply stops after the enable with ISE's own refusal, exit 5", async () => {
  noErs.clearLog();
  const r = await runCommand(
    (ctx) => apply({ file: 'group.yaml', format: 'text', yes: true }, ctx),
    on(noErs),
    dir,
  );
  expect(r.code).toBe(5);
  expect(r.out + r.err).toContain('is not a group of CORP_AD');
  expect(r.out + r.err).not.toContain('ISE kept');
  expect(noErs.snapshot().syncs).toEqual([]);
});

// Audit of the ERS check, finding 4: plan named the file by its absolute path in the loader's errors and as
// given in the online ones; both now name it as given.
test('offline and online errors of plan name the file as it was given', async () => {
  writeFile(dir, 'mixed.yaml', GOOD.replace('activeDirectories: [CORP_AD]', 'activeDirectories: [CORP-AD]'));
  const r = await runCommand((ctx) => plan({ file: 'mixed.yaml', format: 'text' }, ctx), on(off), dir);
  expect(r.code).toBe(1);
  const lines = r.err.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatch(/^mixed\.yaml:\d+:\d+: error: /);
});
