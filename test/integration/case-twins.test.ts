/**
 * A file naming a sync or connection that ISE holds under the same name in another case ("Corp-AD" beside
 * ISE's "corp-ad"). Whether ISE compares these names regardless of case is undocumented, so both answers are
 * played (the seed's `namesIgnoreCase`) and the reader asks ISE for the file's spelling, beside the details:
 * - an ISE that matches them would refuse the create in the middle of the apply (exit 5, after the writes
 *   before it): the plan stops before any write, at the name's line and column, with ISE's spelling;
 * - an ISE that keeps them apart creates the second object: the plan goes ahead and its note says what ISE
 *   answered, and once both exist the next plan is empty and asks nothing more.
 */
import { apply } from '../../src/commands/apply';
import { plan } from '../../src/commands/plan';
import type { Plan } from '../../src/model/plan';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startSeededSimulator } from '../helpers/seeded-sim';

const GOOD = siteYaml({});
const TWIN = GOOD.replaceAll('corp-ad', 'Corp-AD').replaceAll('corp-duo', 'Corp-Duo');

let apart: RunningSimulator;
let folding: RunningSimulator;
let dir: string;

const env = (sim: RunningSimulator) => ({ ...DUO_ENV, ISE_URL: sim.url });
const writes = (sim: RunningSimulator) =>
  sim.requestLog().filter((q) => q.method !== 'GET' || q.path.includes('/sync/'));
const gets = (sim: RunningSimulator) =>
  sim
    .requestLog()
    .filter((q) => q.method === 'GET')
    .map((q) => q.path);

beforeAll(async () => {
  apart = await startSeededSimulator();
  folding = await startSeededSimulator({ namesIgnoreCase: true });
  dir = tempDir();
  writeFile(dir, 'good.yaml', GOOD);
  writeFile(dir, 'twin.yaml', TWIN);
  for (const sim of [apart, folding]) {
    const r = await runCommand(
      (ctx) => apply({ file: 'good.yaml', format: 'text', yes: true }, ctx),
      env(sim),
      dir,
    );
    expect(r.code).toBe(0);
  }
});
afterAll(async () => {
  await apart.stop();
  await folding.stop();
});

describe('an ISE that matches names regardless of case', () => {
  const EXPECTED = [
    'twin.yaml:7:11: error: identity-sync "Corp-AD": ISE holds it as "corp-ad" and answered a read of "Corp-AD" with it, so ISE compares these names regardless of case and would refuse the create; write the name as ISE spells it: "corp-ad"',
    'twin.yaml:13:11: error: duo-connection "Corp-Duo": ISE holds it as "corp-duo" and answered a read of "Corp-Duo" with it, so ISE compares these names regardless of case and would refuse the create; write the name as ISE spells it: "corp-duo"',
  ];

  test('the simulator plays it: a read in another case answers, a create in another case is refused', async () => {
    const headers = {
      Authorization: `Basic ${Buffer.from(`${DUO_ENV.ISE_USERNAME}:${DUO_ENV.ISE_PASSWORD}`).toString('base64')}`,
      Accept: 'application/json',
    };
    const read = await fetch(`${folding.url}/api/v1/duo-identitysync/identitysync/CORP-AD`, { headers });
    expect(read.status).toBe(200);
    const body = (await read.json()) as { response: { identitySync: { syncName: string } } };
    expect(body.response.identitySync.syncName).toBe('corp-ad');
    const twin = folding.snapshot().syncs[0]!;
    const create = await fetch(`${folding.url}/api/v1/duo-identitysync/identitysync`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        identitySync: { ...twin, syncName: 'CORP-AD', lastSync: undefined, syncStatus: undefined },
      }),
    });
    expect(create.status).toBe(400);
    expect(folding.snapshot().syncs.map((s) => s.syncName)).toEqual(['corp-ad']);
  });

  test('plan stops at each name, with ISE’s spelling, after reads only', async () => {
    folding.clearLog();
    const r = await runCommand((ctx) => plan({ file: 'twin.yaml', format: 'text' }, ctx), env(folding), dir);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n').slice(0, 2)).toEqual(EXPECTED);
    expect(r.out).toBe('');
    // The question is asked beside the details of the objects the file names that ISE lists (none here).
    expect(gets(folding)).toEqual(
      expect.arrayContaining([
        '/api/v1/duo-identitysync/identitysync/Corp-AD',
        '/api/v1/duo-mfa/mfa/Corp-Duo',
      ]),
    );
    expect(writes(folding)).toEqual([]);
  });

  test('apply writes nothing: ISE is as it was', async () => {
    folding.clearLog();
    const before = folding.snapshot();
    const r = await runCommand(
      (ctx) => apply({ file: 'twin.yaml', format: 'text', yes: true }, ctx),
      env(folding),
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain(EXPECTED[0]);
    expect(writes(folding)).toEqual([]);
    expect(folding.snapshot()).toEqual(before);
  });
});

describe('an ISE that keeps names apart by case', () => {
  test('plan creates the second spelling, and its note says what ISE answered', async () => {
    apart.clearLog();
    const r = await runCommand((ctx) => plan({ file: 'twin.yaml', format: 'json' }, ctx), env(apart), dir);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as Plan;
    expect(p.changes.map((c) => `${c.kind}.${c.action}:${c.name}`)).toEqual([
      'identity-sync.create:Corp-AD',
      'duo-connection.create:Corp-Duo',
    ]);
    expect(p.notes).toEqual(
      expect.arrayContaining([
        'identity-sync "Corp-AD" is created beside "corp-ad", which ISE holds under the same name in another case: ISE answered a read of "Corp-AD" with not found, so it keeps the two apart, and the apply keeps both. To manage the existing one, write its name as ISE spells it: "corp-ad".',
      ]),
    );
    expect(writes(apart)).toEqual([]);
  });

  test('apply makes both exist, and the next plan is empty and asks for no other spelling', async () => {
    const r = await runCommand(
      (ctx) => apply({ file: 'twin.yaml', format: 'text', yes: true, runSync: false }, ctx),
      env(apart),
      dir,
    );
    expect(r.code).toBe(0);
    expect(apart.snapshot().syncs.map((s) => s.syncName)).toEqual(['corp-ad', 'Corp-AD']);
    apart.clearLog();
    const again = await runCommand(
      (ctx) => plan({ file: 'twin.yaml', format: 'json' }, ctx),
      env(apart),
      dir,
    );
    expect((JSON.parse(again.out) as Plan).changes).toEqual([]);
    const names = gets(apart).filter((p) => /\/(identitysync|mfa)\/[^/]+$/.test(p) && !p.endsWith('/status'));
    expect(names.sort()).toEqual([
      '/api/v1/duo-identitysync/identitysync/Corp-AD',
      '/api/v1/duo-mfa/mfa/Corp-Duo',
    ]);
  });
});
