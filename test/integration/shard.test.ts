/**
 * Sharded fleets: `--shard K/N` runs a stable, disjoint part of a folder's targets (assigned by a hash of
 * each file's name in the folder, so adding files moves no other), the N parts cover every target exactly
 * once, each shard's JSON report says which part it is, and `fleet-report merge` makes the shards' reports
 * into one valid fleet report equal to the unsharded run's, refusing a missing or repeated shard.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseShard, selectShard, shardOf } from '../../src/fleet/shard';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { DUO_ENV, REPO, runCli, siteYaml, tempDir, writeFile } from '../helpers/harness';

const names = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `site-${String(from + i).padStart(3, '0')}.yaml`);

describe('assignment', () => {
  test('N shards hold every file exactly once, for N from 1 to 12', () => {
    const files = names(300).map((relative) => ({ relative }));
    for (let count = 1; count <= 12; count++) {
      const parts = Array.from({ length: count }, (_, k) => selectShard(files, { index: k + 1, count }));
      const all = parts.flat().map((f) => f.relative);
      expect(all.sort()).toEqual(files.map((f) => f.relative).sort());
      // Hash-assigned: no shard is empty or holds most of 300 files.
      if (count > 1) for (const p of parts) expect(p.length).toBeGreaterThan(300 / count / 3);
    }
  });

  test('adding or removing files moves no other file to another shard', () => {
    const before = names(100).map((f) => [f, shardOf(f, 5)] as const);
    const grown = new Map(names(150, 0).map((f) => [f, shardOf(f, 5)]));
    for (const [file, shard] of before) expect(grown.get(file)).toBe(shard);
    expect(shardOf('./site-007.yaml', 5)).toBe(shardOf('site-007.yaml', 5));
  });

  test.each(['0/3', '4/3', '3', 'a/b', '1/0', '1/1001'])('--shard %s is refused with a hint', (text) => {
    expect(() => parseShard(text)).toThrow(/is not K\/N/);
  });
});

describe('sharded fleet runs', () => {
  let sim: RunningSimulator;
  const dir = tempDir('ise-duo-shard-');
  const fleetDir = join(dir, 'sites');
  const env = { ...DUO_ENV };
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  for (const name of ['plan', 'apply-report', 'drift-report', 'fleet-report']) {
    const { $id: _id, ...schema } = JSON.parse(
      readFileSync(join(REPO, 'schemas', `${name}.schema.json`), 'utf8'),
    );
    ajv.addSchema(schema, `${name}.schema.json`);
  }
  const validFleetReport = ajv.getSchema('fleet-report.schema.json')!;

  beforeAll(async () => {
    sim = await startSimulator({ username: env.ISE_USERNAME, password: env.ISE_PASSWORD });
    mkdirSync(fleetDir);
    const yaml = siteYaml({}).replace('ise:\n', `ise:\n  url: ${sim.url}\n`);
    for (const name of names(9)) writeFile(fleetDir, name, yaml);
  });
  afterAll(() => sim.stop());

  const planJson = async (...extra: string[]) => {
    const r = await runCli(['plan', 'sites', '--format', 'json', ...extra], env, dir);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };

  test('three shards plan every target once; merged, they are the unsharded report', async () => {
    const whole = await planJson();
    const files: string[] = [];
    for (let k = 1; k <= 3; k++) {
      const report = await planJson('--shard', `${k}/3`);
      expect(validFleetReport(report)).toBe(true);
      expect(report.shard).toEqual({
        index: k,
        count: 3,
        of: 9,
        fleet: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      expect(report.targets.length).toBeGreaterThan(0);
      files.push(...report.targets.map((t: { file: string }) => t.file));
      writeFileSync(join(dir, `shard-${k}.json`), JSON.stringify(report));
    }
    expect(files.sort()).toEqual(whole.targets.map((t: { file: string }) => t.file).sort());
    const merged = await runCli(
      ['fleet-report', 'merge', 'shard-3.json', 'shard-1.json', 'shard-2.json'],
      env,
      dir,
    );
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    const report = JSON.parse(merged.stdout);
    expect(validFleetReport(report)).toBe(true);
    expect(report).toEqual(whole);
  });

  // The fleet recipes post a sharded drift's merged report as an issue: rendered, it must read as the whole
  // fleet's own markdown (or text) does, target blocks and errors included.
  test.each(['plan', 'drift'])(
    '%s: three shards merged --format markdown and text are the unsharded run printed so',
    async (command) => {
      const mixed = join(dir, `mixed-${command}`);
      mkdirSync(mixed);
      for (const name of names(5))
        writeFile(mixed, name, readFileSync(join(fleetDir, 'site-000.yaml'), 'utf8'));
      // One target that fails: nothing listens on port 1 of the loopback.
      writeFile(
        mixed,
        'site-down.yaml',
        siteYaml({}).replace('ise:\n', 'ise:\n  url: https://127.0.0.1:1\n'),
      );
      const shards = [];
      for (let k = 1; k <= 3; k++) {
        const r = await runCli([command, mixed, '--format', 'json', '--shard', `${k}/3`], env, dir);
        writeFileSync(join(dir, `${command}-shard-${k}.json`), r.stdout);
        shards.push(`${command}-shard-${k}.json`);
      }
      for (const format of ['markdown', 'text']) {
        const whole = await runCli([command, mixed, '--format', format], env, dir);
        const merged = await runCli(['fleet-report', 'merge', ...shards, '--format', format], env, dir);
        expect(merged.code).toBe(0);
        expect(merged.stderr).toBe('');
        // Equal but for the request ids in the error, which are new on every run.
        const ids = (text: string) => text.replace(/\(request [0-9a-f-]{36}\)/g, '(request …)');
        const tail = `${format === 'markdown' ? '\n' : ''}Fleet exit code ${whole.code}.\n`;
        expect(ids(merged.stdout)).toBe(ids(`${whole.stdout}${tail}`));
        expect(merged.stdout).toMatch(/site-down\.yaml.*error: /);
      }
    },
  );

  test('a file named directly lands in one shard however its path is spelt', async () => {
    const names = readdirSync(fleetDir).sort();
    const spellings = [
      names.map((f) => join('sites', f)),
      names.map((f) => `./sites/${f}`),
      names.map((f) => join(dir, 'sites', f)),
    ];
    const parts = [];
    for (const files of spellings) {
      const r = await runCli(['plan', ...files, '--format', 'json', '--shard', '1/3'], env, dir);
      const report = JSON.parse(r.stdout);
      parts.push({
        fleet: report.shard.fleet,
        sites: report.targets.map((t: { file: string }) => t.file.replace(/.*\//, '')).sort(),
      });
    }
    expect(parts[1]).toEqual(parts[0]);
    expect(parts[2]).toEqual(parts[0]);
  });

  test('a shard with no target is an empty fleet, exit 0', async () => {
    const one = join(dir, 'one');
    mkdirSync(one);
    writeFile(one, 'site-000.yaml', readFileSync(join(fleetDir, 'site-000.yaml'), 'utf8'));
    const mine = shardOf('site-000.yaml', 2);
    const r = await runCli(['plan', 'one', '--format', 'json', '--shard', `${3 - mine}/2`], env, dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ targets: [], shard: { index: 3 - mine, count: 2, of: 1 } });
  });

  test('merge refuses a missing or repeated shard, mixed commands and shards of different fleets, naming the files', async () => {
    const missing = await runCli(['fleet-report', 'merge', 'shard-1.json', 'shard-3.json'], env, dir);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/error: shard 2\/3 missing/);
    const twice = await runCli(
      ['fleet-report', 'merge', 'shard-1.json', 'shard-1.json', 'shard-2.json'],
      env,
      dir,
    );
    expect(twice.stderr).toMatch(/shard-1\.json and shard-1\.json are both shard 1\/3/);
    // Shard 2's report altered and merged between the real shards 1 and 3: refused, nothing printed.
    const second = JSON.parse(readFileSync(join(dir, 'shard-2.json'), 'utf8'));
    const refused = async (name: string, report: object) => {
      writeFileSync(join(dir, name), JSON.stringify(report));
      const r = await runCli(['fleet-report', 'merge', 'shard-1.json', name, 'shard-3.json'], env, dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      return r.stderr;
    };
    expect(await refused('drift-2.json', { ...second, command: 'drift' })).toMatch(
      /drift-2\.json is a drift report, shard-1\.json a plan one/,
    );
    // Shards of two states of the folder: another size, or targets that do not add up to it.
    expect(await refused('bigger-2.json', { ...second, shard: { ...second.shard, of: 10 } })).toMatch(
      /bigger-2\.json was cut from a fleet of 10 targets, shard-1\.json from one of 9/,
    );
    const renamed = { ...second.targets[0], file: 'new.yaml' };
    for (const targets of [second.targets.slice(1), [...second.targets, renamed]]) {
      const stderr = await refused('moved-2.json', { ...second, targets });
      const held = 9 + targets.length - second.targets.length;
      expect(stderr).toContain(`the shards hold ${held} targets, but each was cut from a fleet of 9`);
      expect(stderr).toMatch(/hint: merge the shards of one pipeline run/);
    }
    // Two jobs naming the fleet differently (a folder in one, its files in another): same size, same
    // counts, other keys, so the parts need not add up (helper report of 2026-12-04: a merge that listed
    // four sites twice and four not at all).
    const listed = await runCli(
      ['plan', ...readdirSync(fleetDir).map((f) => join('sites', f)), '--format', 'json', '--shard', '2/3'],
      env,
      dir,
    );
    writeFileSync(join(dir, 'listed-2.json'), listed.stdout);
    const mixed = await runCli(
      ['fleet-report', 'merge', 'shard-1.json', 'listed-2.json', 'shard-3.json'],
      env,
      dir,
    );
    expect([mixed.code, mixed.stdout]).toEqual([1, '']);
    expect(mixed.stderr).toMatch(
      /listed-2\.json and shard-1\.json were cut from different fleets of 9 targets/,
    );
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    const junk = await runCli(['fleet-report', 'merge', 'junk.json'], env, dir);
    expect(junk.stderr).toMatch(/junk\.json: not a version-1 fleet report/);
    expect(junk.stderr).not.toMatch(/\n\s+at /);
    // A shard field that is not K/N of a fleet (audit A: any text there was quoted back) is refused unquoted.
    const report = JSON.parse(readFileSync(join(dir, 'shard-2.json'), 'utf8'));
    for (const shard of [
      { ...report.shard, count: 'a-key-like-text-0123456789' },
      { ...report.shard, index: 0 },
    ]) {
      writeFileSync(join(dir, 'bad-shard.json'), JSON.stringify({ ...report, shard }));
      const bad = await runCli(
        ['fleet-report', 'merge', 'shard-1.json', 'bad-shard.json', 'shard-3.json'],
        env,
        dir,
      );
      expect([bad.code, bad.stdout]).toEqual([1, '']);
      expect(bad.stderr).toMatch(/bad-shard\.json: not a version-1 fleet report/);
      expect(bad.stderr).not.toContain('a-key-like');
    }
  });
});
