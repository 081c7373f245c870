/**
 * The machine output contract: every `--format json` output is checked against its published schema in
 * `schemas/`, using real outputs of real runs against the simulator (in-process, and as processes for fleet
 * runs). The schemas forbid unknown properties, so a field added to an output without the schema fails here,
 * and a frozen list of version-1 fields fails if a field is removed or renamed without a formatVersion bump.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { apply } from '../../src/commands/apply';
import { drift } from '../../src/commands/drift';
import { plan } from '../../src/commands/plan';
import { validate } from '../../src/commands/validate';
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV, REPO, runCli, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { startTestSimulator } from '../helpers/test-sim';

const SCHEMA_NAMES = ['plan', 'apply-report', 'drift-report', 'fleet-report', 'validation-issues'] as const;
type SchemaName = (typeof SCHEMA_NAMES)[number];

function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO, 'schemas', `${name}.schema.json`), 'utf8'));
}

const ID_BASE = 'https://ise-duo.dev/schemas/';

/**
 * One ajv with every output schema added as it is, as a consumer adds them: each names itself by its `$id`,
 * and the relative `$ref`s between them resolve against it (helper report of 2026-12-04: without `$id`s a
 * plain ajv could not resolve `plan.schema.json`).
 */
function compileAll(): Record<SchemaName, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  for (const name of SCHEMA_NAMES) {
    const schema = loadSchema(name);
    if (schema.$id !== `${ID_BASE}${name}.schema.json`)
      throw new Error(`${name}.schema.json: $id is ${schema.$id}`);
    ajv.addSchema(schema);
  }
  return Object.fromEntries(
    SCHEMA_NAMES.map((name) => [name, ajv.getSchema(`${ID_BASE}${name}.schema.json`)!]),
  ) as Record<SchemaName, ValidateFunction>;
}

const validators = compileAll();

function expectValid(name: SchemaName, value: unknown): void {
  const check = validators[name];
  const ok = check(value);
  if (!ok) throw new Error(`${name}: ${JSON.stringify(check.errors, null, 2)}`);
}

describe('the schemas themselves', () => {
  /** Every property, items and additionalProperties schema that names a value, with its JSON pointer. */
  function undescribed(node: unknown, pointer: string, out: string[]): string[] {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return out;
    const n = node as Record<string, unknown>;
    for (const key of ['properties', 'definitions'] as const) {
      const children = n[key] as Record<string, Record<string, unknown>> | undefined;
      for (const [name, child] of Object.entries(children ?? {})) {
        if (key === 'properties' && typeof child.description !== 'string')
          out.push(`${pointer}/${key}/${name}`);
        undescribed(child, `${pointer}/${key}/${name}`, out);
      }
    }
    for (const key of ['items', 'additionalProperties', 'then', 'if'])
      undescribed(n[key], `${pointer}/${key}`, out);
    for (const [i, sub] of ((n.allOf as unknown[]) ?? []).entries())
      undescribed(sub, `${pointer}/allOf/${i}`, out);
    return out;
  }

  it.each(SCHEMA_NAMES)('%s: has a title, a description, and a description on every property', (name) => {
    const schema = loadSchema(name);
    expect(typeof schema.title).toBe('string');
    expect(typeof schema.description).toBe('string');
    // Properties under if/then only narrow `report`; they are described where the property is declared.
    const missing = undescribed(schema, '', []).filter((p) => !p.includes('/then/') && !p.includes('/if/'));
    expect(missing).toEqual([]);
  });

  it.each(SCHEMA_NAMES)('%s: states the versioning rule', (name) => {
    expect(loadSchema(name).description).toMatch(/never removed or renamed/);
  });

  /**
   * The fields of each format version. Removing or renaming one of them breaks every pipeline that reads it:
   * that needs a new formatVersion (and a new list here), never an edit of an existing list.
   */
  const FROZEN: Record<Exclude<SchemaName, 'validation-issues'>, Record<number, string[]>> = {
    plan: {
      1: [
        'formatVersion',
        'target',
        'desiredFile',
        'desiredFingerprint',
        'liveFingerprints',
        'changes',
        'unmanaged',
        'actions',
        'notes',
        'checksum',
      ],
      // Version 2 types each change's body by (kind, action); the top-level fields are those of version 1.
      2: [
        'formatVersion',
        'target',
        'desiredFile',
        'desiredFingerprint',
        'liveFingerprints',
        'changes',
        'unmanaged',
        'actions',
        'notes',
        'checksum',
      ],
    },
    'apply-report': { 1: ['formatVersion', 'target', 'plan', 'result', 'remaining'] },
    'drift-report': {
      1: ['formatVersion', 'target', 'desiredFile', 'inSync', 'differences', 'unmanaged', 'notes'],
    },
    'fleet-report': { 1: ['formatVersion', 'command', 'exitCode', 'targets'] },
  };

  it.each(Object.entries(FROZEN))('%s: keeps every field of its formatVersion', (name, versions) => {
    const schema = loadSchema(name as SchemaName) as {
      properties: Record<string, { const?: unknown }>;
      required: string[];
    };
    const version = schema.properties.formatVersion.const as number;
    expect(Object.keys(versions)).toContain(String(version)); // a new version needs its own list here
    expect(schema.required).toEqual(expect.arrayContaining(versions[version]));
  });

  it('validation-issues: keeps every field of an issue', () => {
    const schema = loadSchema('validation-issues') as { items: { required: string[] } };
    expect(schema.items.required).toEqual(
      expect.arrayContaining(['file', 'line', 'column', 'pointer', 'message', 'severity']),
    );
  });
});

describe('real outputs match their schemas', () => {
  let sim: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sim = await startTestSimulator();
    dir = tempDir('ise-duo-contract-');
    env = { ...DUO_ENV, ISE_URL: sim.url };
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    sim.clearFaults();
  });

  const json = (out: string): unknown => JSON.parse(out);

  test('validate --format json: valid files give [], broken files give issues', async () => {
    const good = writeFile(dir, 'good.yaml', siteYaml({}));
    const bad = writeFile(dir, 'bad.yaml', 'version: 2\nmfa: { enabled: maybe }\nextra: 1\n');
    const ok = await runCommand((ctx) => validate({ files: [good], format: 'json' }, ctx), env, dir);
    expect(ok.code).toBe(0);
    expect(json(ok.out)).toEqual([]);
    expectValid('validation-issues', json(ok.out));

    const r = await runCommand(
      (ctx) => validate({ files: [good, bad, 'missing.yaml', dir], format: 'json' }, ctx),
      env,
      dir,
    );
    expect(r.code).toBe(1);
    const issues = json(r.out) as Array<{ severity: string; line: number }>;
    expect(issues.length).toBeGreaterThan(2);
    expect(issues.some((i) => i.line === 0)).toBe(true); // the missing file has no position
    expectValid('validation-issues', issues);
  });

  test('plan --format json, with changes and with none', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml({}));
    const first = await runCommand((ctx) => plan({ file, format: 'json' }, ctx), env, dir);
    expect(first.code).toBe(0);
    const p = json(first.out) as { changes: unknown[]; actions: unknown[]; notes: unknown[] };
    expect(p.changes.length).toBe(3);
    expect(p.actions.length).toBe(1);
    expect(p.notes.length).toBe(2); // MFA is off: the objects, and the AD names, could not be read
    expectValid('plan', p);

    await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);
    const again = await runCommand((ctx) => plan({ file, format: 'json' }, ctx), env, dir);
    expect((json(again.out) as { changes: unknown[] }).changes).toEqual([]);
    expectValid('plan', json(again.out));
  });

  test('apply --format json: applied, then nothing-to-do', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml({}));
    const r = await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);
    expect(r.code).toBe(0);
    const report = json(r.out) as { result: { status: string; applied: unknown[] }; remaining: unknown[] };
    expect(report.result.status).toBe('applied');
    expect(report.result.applied).toHaveLength(3);
    expect(report.remaining).toEqual([]);
    expectValid('apply-report', report);

    const noop = await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);
    expect(noop.code).toBe(0);
    expect((json(noop.out) as { result: { status: string } }).result.status).toBe('nothing-to-do');
    expectValid('apply-report', json(noop.out));
  });

  test('apply --format json: sync runs that ran, and ones not started and owed', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml({ groups: ['corp.example.com/Users/VPN Users'] }));
    const skipped = await runCommand(
      (ctx) => apply({ file, format: 'json', yes: true, runSync: false }, ctx),
      env,
      dir,
    );
    const report = json(skipped.out) as { syncRuns: Array<{ outcome: string; owed?: true }> };
    expect(report.syncRuns).toEqual([expect.objectContaining({ outcome: 'NotStarted', owed: true })]);
    expectValid('apply-report', report);
    const ran = await runCommand(
      (ctx) => apply({ file: writeFile(dir, 'site.yaml', siteYaml({})), format: 'json', yes: true }, ctx),
      env,
      dir,
    );
    expect((json(ran.out) as typeof report).syncRuns).toEqual([
      expect.objectContaining({ outcome: 'Success' }),
    ]);
    expectValid('apply-report', json(ran.out));
  });

  test('apply --format json: a failure part-way gives failed and notApplied', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml({}));
    sim.addFault({ method: 'POST', path: '/api/v1/duo-identitysync/identitysync', kind: '500', times: 10 });
    const r = await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);
    expect(r.code).toBe(5); // applied, not verified: the MFA switch was written before the failure
    const report = json(r.out) as {
      result: { status: string; failed: { status: number; error: string }; notApplied: unknown[] };
    };
    expect(report.result.status).toBe('failed');
    expect(report.result.failed.status).toBe(500);
    expect(report.result.notApplied).toHaveLength(1);
    expectValid('apply-report', report);
  });

  test('apply --format json: a lost response confirmed by a re-read', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml({}));
    sim.addFault({ method: 'POST', path: '/api/v1/duo-mfa/mfa', kind: 'lost-response' });
    const r = await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);
    expect(r.code).toBe(0);
    const report = json(r.out) as { result: { applied: Array<{ confirmedByReread?: true }> } };
    expect(report.result.applied.some((c) => c.confirmedByReread === true)).toBe(true);
    expectValid('apply-report', report);
  });

  test('drift --format json: in sync, drifted, and with unmanaged objects', async () => {
    const two = writeFile(
      dir,
      'two.yaml',
      siteYaml({ connections: [{ name: 'corp-duo' }, { name: 'second-duo', description: 'x' }] }),
    );
    await runCommand((ctx) => apply({ file: two, format: 'json', yes: true }, ctx), env, dir);

    const changed = writeFile(
      dir,
      'changed.yaml',
      siteYaml({ groups: ['corp.example.com/Users/VPN Users'] }),
    );
    const drifted = await runCommand((ctx) => drift({ file: changed, format: 'json' }, ctx), env, dir);
    expect(drifted.code).toBe(2);
    const report = json(drifted.out) as { inSync: boolean; differences: unknown[]; unmanaged: unknown[] };
    expect(report.inSync).toBe(false);
    expect(report.differences).toHaveLength(1);
    expect(report.unmanaged).toEqual([{ kind: 'duo-connection', name: 'second-duo' }]);
    expectValid('drift-report', report);

    const inSync = await runCommand((ctx) => drift({ file: two, format: 'json' }, ctx), env, dir);
    expect(inSync.code).toBe(0);
    expect((json(inSync.out) as { inSync: boolean }).inSync).toBe(true);
    expectValid('drift-report', json(inSync.out));
  });

  test('drift --format json: an MFA switch difference and a prune delete (critical)', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml({}));
    await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);
    const off = writeFile(dir, 'off.yaml', siteYaml({ mfa: false, prune: true }));
    const r = await runCommand((ctx) => drift({ file: off, format: 'json' }, ctx), env, dir);
    expect(r.code).toBe(2);
    const report = json(r.out) as { differences: Array<{ critical?: string }> };
    expect(report.differences.some((d) => d.critical)).toBe(true);
    expectValid('drift-report', report);
  });

  test('drift --probe-credentials --format json: accepted keys, then keys Duo rejects', async () => {
    const file = writeFile(dir, 'site.yaml', siteYaml({}));
    await runCommand((ctx) => apply({ file, format: 'json', yes: true }, ctx), env, dir);
    const ok = await runCommand(
      (ctx) => drift({ file, format: 'json', probeCredentials: true }, ctx),
      env,
      dir,
    );
    expect(ok.code).toBe(0);
    expect((json(ok.out) as { credentialProbes: Array<{ ok: boolean }> }).credentialProbes).toEqual([
      expect.objectContaining({ name: 'corp-duo', ok: true }),
    ]);
    expectValid('drift-report', json(ok.out));

    // The simulator's seed lists this ikey as revoked; --skip-key-check lets apply store it anyway.
    const revoked = { ...env, DUO_ADMIN_IKEY: 'DIREVOKED00000000000' };
    await runCommand(
      (ctx) => apply({ file, format: 'json', yes: true, skipKeyCheck: true }, ctx),
      revoked,
      dir,
    );
    const bad = await runCommand(
      (ctx) => drift({ file, format: 'json', probeCredentials: true }, ctx),
      revoked,
      dir,
    );
    expect(bad.code).toBe(2);
    const report = json(bad.out) as { inSync: boolean; credentialProbes: Array<{ ok: boolean }> };
    expect(report.inSync).toBe(true);
    expect(report.credentialProbes.map((p) => p.ok)).toEqual([false]);
    expectValid('drift-report', report);
  });

  // Fleet runs go through the CLI process: the fleet is the CLI's multi-target mode.
  // One ISE per file (a fleet run refuses two files for one ISE): fleet-b goes to a second simulator.
  describe('fleet --format json', () => {
    let other: RunningSimulator;
    beforeAll(async () => {
      other = await startTestSimulator();
    });
    afterAll(() => other.stop());
    const fleetEnv = () => {
      const { ISE_URL: _one, ...rest } = env;
      return rest;
    };
    const at = (url: string, yaml: string) => yaml.replace('ise:\n', `ise:\n  url: ${url}\n`);

    test.each([
      ['plan', 1],
      ['drift', 1],
    ] as const)('%s over two good files and a broken one', async (command, code) => {
      writeFile(dir, 'fleet-a.yaml', at(sim.url, siteYaml({})));
      writeFile(
        dir,
        'fleet-b.yaml',
        at(other.url, siteYaml({ groups: ['corp.example.com/Users/VPN Users'] })),
      );
      writeFile(dir, 'fleet-c.yaml', 'version: 1\nmfa: {}\n');
      const r = await runCli(
        [command, 'fleet-a.yaml', 'fleet-b.yaml', 'fleet-c.yaml', '--format', 'json'],
        fleetEnv(),
        dir,
      );
      expect(r.code).toBe(code);
      const report = json(r.stdout) as {
        command: string;
        targets: Array<{ report?: unknown; error?: string; changes: number | null }>;
      };
      expect(report.command).toBe(command);
      expect(report.targets).toHaveLength(3);
      expect(report.targets[0].report).toBeDefined();
      expect(report.targets[2].error).toBeDefined();
      expect(report.targets[2].changes).toBeNull();
      expectValid('fleet-report', report);
    });

    test('a fleet apply refused before any request still reports every target', async () => {
      writeFile(dir, 'fleet-a.yaml', at(sim.url, siteYaml({})));
      writeFile(dir, 'fleet-c.yaml', 'version: 1\nmfa: {}\n');
      const r = await runCli(
        ['apply', 'fleet-a.yaml', 'fleet-c.yaml', '--yes', '--format', 'json'],
        fleetEnv(),
        dir,
      );
      expect(r.code).toBe(1);
      const report = json(r.stdout) as { exitCode: number; targets: Array<{ result: string }> };
      expect(report.exitCode).toBe(1);
      expect(report.targets.map((t) => t.result)).toEqual(['not applied', 'error']);
      expectValid('fleet-report', report);
    });

    test('apply over two files, one after the other', async () => {
      other.reset();
      writeFile(dir, 'fleet-a.yaml', at(sim.url, siteYaml({})));
      writeFile(dir, 'fleet-b.yaml', at(other.url, siteYaml({})));
      const r = await runCli(
        ['apply', 'fleet-a.yaml', 'fleet-b.yaml', '--yes', '--parallelism', '1', '--format', 'json'],
        fleetEnv(),
        dir,
      );
      expect(r.code).toBe(0);
      const report = json(r.stdout) as { targets: Array<{ report: { result: { status: string } } }> };
      expect(report.targets.map((t) => t.report.result.status)).toEqual(['applied', 'applied']);
      expectValid('fleet-report', report);
    });

    test('a fleet report whose report does not fit its command is rejected', () => {
      const wrong = {
        formatVersion: 1,
        command: 'drift',
        exitCode: 0,
        targets: [
          { file: 'a.yaml', exitCode: 0, result: 'in sync', changes: 0, report: { formatVersion: 1 } },
        ],
      };
      expect(validators['fleet-report'](wrong)).toBe(false);
    });
  });
});
