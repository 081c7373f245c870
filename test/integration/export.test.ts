/**
 * `ise-duo export` against the simulator: the round trip (export, set the variables to the keys ISE holds,
 * plan → no changes) under every secrets mode and several shapes of live configuration, a file the loader
 * accepts, and no secret anywhere in what export prints, writes or logs, even when ISE returns keys in clear.
 *
 * MFA rules (issue 11): the brownfield ISE holds hand-made rules in policy sets of both services (an
 * attribute test on an IP attribute that ISE stores as `ipEquals`, library references, a negated child,
 * an `or` block, a monitored fail-open rule), once without and once with ISE's Default rule in every table;
 * the applied ISE holds the rules of a file. Export reads every policy set (it is the one command that
 * does), at most four rule lists at a time, and the round trip is empty for rules too.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { WireRuleMfa } from '../../src/client/wire-policy';
import { apply } from '../../src/commands/apply';
import { exportCommand } from '../../src/commands/export';
import { plan } from '../../src/commands/plan';
import { loadDesiredState } from '../../src/desired/load';
import { schemaReference } from '../../src/export/schema-ref';
import type { Plan } from '../../src/model/plan';
import { type RunningSimulator, type SecretsMode, type SimSeed, startSimulator } from '../../src/sim';
import { loadSeed } from '../../src/sim/seed';
import { DEFAULT_SEED_FILE } from '../../src/sim/types';
import { DUO_ENV, REPO, runCli, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';

const LOGIN = { ISE_USERNAME: DUO_ENV.ISE_USERNAME, ISE_PASSWORD: DUO_ENV.ISE_PASSWORD };
const CORP_GROUPS = ['VPN Users', 'Network Admins', 'Domain Admins'].map(
  (g) => `corp.example.com/Users/${g}`,
);
const DIRECTORIES: SimSeed['activeDirectories'] = [
  {
    name: 'CORP_AD',
    directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6',
    domain: 'corp.example.com',
    groups: CORP_GROUPS.map((name, i) => ({ name, sid: `S-1-5-21-1-${i}` })),
  },
  {
    name: 'LAB_AD',
    directoryID: '0b7e5c1a-d0f7-11ee-9fe9-4ed55d83a1a6',
    domain: 'lab.example.com',
    groups: [{ name: 'lab.example.com/Users/Lab Admins', sid: 'S-1-5-21-2-1' }],
  },
];

function keys(tag: string) {
  return {
    apiHostName: 'api-1a2b3c4d.duosecurity.com',
    adminApi: { ikey: `DI${tag}ADMIN`.padEnd(20, '7'), sKey: `canary-${tag}-admin-secret-00000000000000001` },
    authenticationApi: {
      ikey: `DI${tag}AUTH`.padEnd(20, '8'),
      sKey: `canary-${tag}-auth-secret-000000000000000001`,
    },
  };
}

/** A join point as ISE stores it in a sync (the GUI fills in all three; the domain's case varies). */
const joinPoint = (i: number) => {
  const { name, directoryID, domain } = DIRECTORIES[i];
  return { name, directoryID, domain: domain.toUpperCase() };
};

/** Objects made by hand in the GUI: no ise-duo marker, names with spaces, schedules, two join points. */
const BROWNFIELD: Partial<SimSeed> = {
  mfaEnabled: true,
  identitySyncs: [
    {
      syncName: 'Legacy Sync',
      configurations: { activeDirectories: [joinPoint(0), joinPoint(1)] },
      adGroups: [
        { name: 'corp.example.com/Users/VPN Users', source: 'CORP_AD' },
        { name: 'lab.example.com/Users/Lab Admins', source: 'LAB_AD' },
      ],
      syncSchedule: {
        schedulerSync: 'recurring',
        interval: 12,
        intervalUnit: 'hours',
        startDate: '2026-12-01T00:00:00',
      },
      lastSync: '2026-11-01T09:00:00',
      syncStatus: 'Success',
    },
    {
      syncName: 'lab only',
      configurations: { activeDirectories: [joinPoint(1)] },
      adGroups: [{ name: 'lab.example.com/Users/Lab Admins', source: 'LAB_AD' }],
      syncSchedule: { schedulerSync: 'none' },
    },
  ],
  duoConnections: [
    {
      connectionName: 'Legacy Duo',
      description: 'Made by hand: VPN, admins',
      identitySync: 'Legacy Sync',
      type: 'VPN,TACACS',
      accountConfigurations: keys('AA'),
    },
    // Folds to the same variable stem as "Legacy Duo": gets the _2 names.
    {
      connectionName: 'legacy-duo',
      identitySync: 'lab only',
      type: 'TACACS',
      accountConfigurations: keys('BB'),
    },
  ],
};

/** The default seed's policy sets and library conditions: the world the rules below live in. */
const POLICY_WORLD = (() => {
  const { policySets, libraryConditions } = loadSeed(DEFAULT_SEED_FILE).seed;
  return { policySets, libraryConditions };
})();
const LIBRARY_ID = (service: 'deviceAdmin' | 'networkAccess', name: string) =>
  POLICY_WORLD.libraryConditions?.[service]?.find((c) => c.name === name)?.id ?? `no ${name}`;
const attribute = (dictionaryName: string, attributeName: string, attributeValue: string) => ({
  conditionType: 'ConditionAttributes',
  dictionaryName,
  attributeName,
  operator: 'equals',
  attributeValue,
});
const reference = (service: 'deviceAdmin' | 'networkAccess', name: string, isNegate = false) => ({
  conditionType: 'ConditionReference',
  id: LIBRARY_ID(service, name),
  isNegate,
});

/** Hand-made MFA rules, by policy set name, in the API's wire shape (as the GUI would leave them). */
const BROWNFIELD_RULES: Record<'deviceAdmin' | 'networkAccess', Record<string, WireRuleMfa[]>> = {
  deviceAdmin: {
    Routers: [
      {
        rule: {
          name: 'Legacy admin MFA',
          hitCounts: 7,
          condition: attribute('DEVICE', 'Device Type', 'All Device Types#Router'),
        },
        mfaConnectionName: 'legacy-duo',
        mfaResultAction: 'ACCEPT',
        mfaFailAction: 'REJECT',
      },
      {
        rule: {
          name: 'Lab admins (after hours)',
          state: 'monitor',
          condition: {
            conditionType: 'ConditionAndBlock',
            children: [
              reference('deviceAdmin', 'Network-Admins'),
              reference('deviceAdmin', 'Business-Hours', true),
            ],
          },
        },
        mfaConnectionName: 'Legacy Duo',
        mfaResultAction: 'ACCEPT',
        mfaFailAction: 'ACCEPT',
      },
    ],
  },
  networkAccess: {
    'VPN Users': [
      {
        rule: {
          name: 'Legacy VPN MFA',
          condition: {
            conditionType: 'ConditionOrBlock',
            children: [
              reference('networkAccess', 'Corp-VPN-Headends'),
              // Stored and answered as ipEquals: exported as equals, the file's base form.
              attribute('Network Access', 'Device IP Address', '10.0.10.1'),
              // ISE's text that reads like a reference: exported as `$${env:`, the file's escape, so the
              // round trip keeps the text (it planned the variable's value over it, helper report 2026-12-04).
              attribute('Network Access', 'UserName', 'svc-${env:HOME}-$${env:X}'),
            ],
          },
        },
        mfaConnectionName: 'Legacy Duo',
        mfaResultAction: 'ACCEPT',
        mfaFailAction: 'REJECT',
      },
    ],
  },
};

function brownfieldPolicySets(): SimSeed['policySets'] {
  const out: NonNullable<SimSeed['policySets']> = {};
  for (const service of ['deviceAdmin', 'networkAccess'] as const) {
    const rules = BROWNFIELD_RULES[service];
    out[service] = (POLICY_WORLD.policySets?.[service] ?? []).map((set) => ({
      ...set,
      ...(set.name && rules[set.name] ? { mfaRules: rules[set.name] } : {}),
    }));
  }
  return out;
}

/** The rules a file applies in the 'applied' shape: one per service, one of them in a Default set. */
const APPLIED_RULES = `${[
  'mfaPolicies:',
  '  - service: deviceAdmin',
  '    policySet: Default',
  '    rules:',
  '      - name: Admins use Duo',
  '        connection: corp-duo',
  '        condition: { dictionary: DEVICE, attribute: Device Type, operator: equals, value: "All Device Types" }',
  '  - service: networkAccess',
  '    policySet: VPN Users',
  '    rules:',
  '      - name: VPN users use Duo',
  '        connection: corp-duo',
  '        condition: { and: [ { library: Corp-VPN-Headends }, { not: { library: Business-Hours } } ] }',
  '        onFailure: reject',
].join('\n')}\n`;

type Shape = 'empty' | 'mfa-off' | 'applied' | 'brownfield' | 'brownfield with Default rules';
const SHAPES: Shape[] = ['empty', 'mfa-off', 'applied', 'brownfield', 'brownfield with Default rules'];
const isBrownfield = (shape: Shape) => shape.startsWith('brownfield');
const MODES: SecretsMode[] = ['masked', 'clear', 'omitted'];

async function startShape(shape: Shape, secrets: SecretsMode): Promise<RunningSimulator> {
  const seed: SimSeed = { activeDirectories: DIRECTORIES, mfaEnabled: shape !== 'mfa-off', ...POLICY_WORLD };
  if (isBrownfield(shape)) Object.assign(seed, BROWNFIELD, { policySets: brownfieldPolicySets() });
  if (shape === 'brownfield with Default rules') seed.defaultMfaRule = true;
  const sim = await startSimulator({
    port: 0,
    ...LOGIN,
    username: LOGIN.ISE_USERNAME,
    password: LOGIN.ISE_PASSWORD,
    secrets,
    seed,
  });
  if (shape === 'applied') {
    const dir = tempDir();
    const file = writeFile(
      dir,
      'site.yaml',
      siteYaml({ connections: [{ name: 'corp-duo', description: 'Duo for VPN' }] }) + APPLIED_RULES,
    );
    const env = { ...DUO_ENV, ISE_URL: sim.url };
    const r = await runCommand(
      (ctx) => apply({ file, format: 'json', yes: true, runSync: false }, ctx),
      env,
      dir,
    );
    expect(r.code).toBe(0);
  }
  return sim;
}

/** Every key value and the password the simulator holds: none may appear in export's output. */
function secretValues(sim: RunningSimulator): string[] {
  const values = [LOGIN.ISE_PASSWORD];
  for (const c of sim.snapshot().connections) {
    const a = c.accountConfigurations ?? {};
    for (const api of [a.adminApi, a.authenticationApi]) values.push(api?.ikey ?? '', api?.sKey ?? '');
  }
  return values.filter((v) => v.length > 0);
}

/** The variables the exported file references, set to the keys each connection holds on ISE. */
function variablesFromLive(text: string, sim: RunningSimulator): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...LOGIN };
  const file = parse(text) as { duoConnections?: Array<Record<string, Record<string, string>>> };
  const variable = (ref: string) => /^\$\{env:(\w+)\}$/.exec(ref)?.[1] ?? 'NOT_A_REFERENCE';
  for (const c of sim.snapshot().connections) {
    const entry = file.duoConnections?.find((e) => (e.name as unknown as string) === c.connectionName);
    const acc = c.accountConfigurations ?? {};
    for (const [api, wire] of [
      ['adminApi', acc.adminApi],
      ['authApi', acc.authenticationApi],
    ] as const) {
      env[variable(entry?.[api]?.ikey ?? '')] = wire?.ikey;
      env[variable(entry?.[api]?.skey ?? '')] = wire?.sKey;
    }
  }
  return env;
}

describe.each(MODES)('export round trip, secrets %s', (secrets) => {
  test.each(SHAPES)('%s: export → validate → plan is empty, and no secret is printed', async (shape) => {
    const sim = await startShape(shape, secrets);
    try {
      const dir = tempDir();
      sim.clearLog();
      const exported = await runCommand(
        (ctx) => exportCommand({ output: 'exported.yaml' }, ctx),
        { ...LOGIN, ISE_URL: sim.url },
        dir,
      );
      expect(exported.code).toBe(0);
      expect(
        sim.requestLog().filter((r) => r.method !== 'GET' || r.path.includes('/identitysync/sync/')),
      ).toEqual([]);
      const text = readFileSync(join(dir, 'exported.yaml'), 'utf8');
      for (const value of secretValues(sim)) {
        for (const printed of [text, exported.out, exported.err, exported.logs])
          expect(printed).not.toContain(value);
      }
      expect(text).not.toContain('[ise-duo keys=');
      const env = variablesFromLive(text, sim);
      const loaded = await loadDesiredState(join(dir, 'exported.yaml'), env);
      expect(loaded.ok ? [] : loaded.issues).toEqual([]);
      const planned = await runCommand(
        (ctx) => plan({ file: 'exported.yaml', format: 'json' }, ctx),
        env,
        dir,
      );
      expect(planned.err).toBe('');
      const result = JSON.parse(planned.out) as Plan;
      expect(result.changes).toEqual([]);
      expect(result.actions).toEqual([]);
      expect(result.unmanaged).toEqual([]);
      // Hand-made connections carry no marker: where ISE hides their sKeys they are "unknown", with a note.
      const hidden = isBrownfield(shape) && secrets !== 'clear' ? 2 : 0;
      expect(result.notes.filter((n) => /cannot be compared/.test(n))).toHaveLength(hidden);
      // The rules were exported (the round trip compared them), and the plan read only the sets it names.
      const rules = (parse(text) as { mfaPolicies?: Array<{ rules: unknown[] }> }).mfaPolicies ?? [];
      const expected = {
        empty: 0,
        'mfa-off': 0,
        applied: 2,
        brownfield: 3,
        'brownfield with Default rules': 3,
      };
      expect(rules.flatMap((p) => p.rules)).toHaveLength(expected[shape]);
      expect(text).not.toMatch(/name: Default\n/);
    } finally {
      await sim.stop();
    }
  });
});

describe('what export writes', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startShape('brownfield', 'clear');
  });
  afterAll(() => sim.stop());

  test('the file: schema line, header with variables, join points by name, schedules, marker-free descriptions', async () => {
    const r = await runCommand((ctx) => exportCommand({}, ctx), { ...LOGIN, ISE_URL: sim.url }, tempDir());
    expect(r.code).toBe(0);
    // A temp folder is in no repository: no $schema line that would point at this machine's install.
    expect(r.out).toMatch(/^# No \$schema line for editors: .* is in no git repository or npm project/);
    expect(r.out).not.toMatch(/^# yaml-language-server|file:\/\//m);
    expect(r.out).toContain(
      '#   DUO_LEGACY_DUO_ADMIN_IKEY, DUO_LEGACY_DUO_ADMIN_SKEY: Admin API keys of "Legacy Duo"',
    );
    expect(r.out).toContain(
      '#   DUO_LEGACY_DUO_2_AUTH_IKEY, DUO_LEGACY_DUO_2_AUTH_SKEY: Auth API keys of "legacy-duo"',
    );
    expect(r.out).toContain(
      `  url: ${sim.url}\n  username: \${env:ISE_USERNAME}\n  password: \${env:ISE_PASSWORD}\n`,
    );
    expect(r.out).toContain('  - name: Legacy Sync\n    activeDirectories: [ CORP_AD, LAB_AD ]\n');
    expect(r.out).toContain('    schedule: { every: 12, unit: hours, start: "2026-12-01T00:00:00" }\n');
    expect(r.out).toContain('    description: "Made by hand: VPN, admins"\n');
    expect(r.out).not.toMatch(/runSync|directoryID|lastSync|syncStatus|sid:/);
    expect(r.err).toMatch(
      /^Exported 2 identity sync\(s\), 2 Duo connection\(s\), 3 MFA rule\(s\) in 2 policy set\(s\)\. Set before planning: ISE_USERNAME/,
    );
  });

  test('the rules: by policy set, in rank order, conditions in the file vocabulary, settings spelled out', async () => {
    const r = await runCommand((ctx) => exportCommand({}, ctx), { ...LOGIN, ISE_URL: sim.url }, tempDir());
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      [
        'mfaPolicies:',
        '  - service: deviceAdmin',
        '    policySet: Routers',
        '    rules:',
        '      - name: Legacy admin MFA',
        '        connection: legacy-duo',
        '        condition:',
        '          dictionary: DEVICE',
        '          attribute: Device Type',
        '          operator: equals',
        '          value: All Device Types#Router',
        '        onSuccess: ACCEPT',
        '        onFailure: REJECT',
        '        state: enabled',
        '      - name: Lab admins (after hours)',
        '        connection: Legacy Duo',
        '        condition:',
        '          and:',
        '            - { library: Network-Admins }',
        '            - not: { library: Business-Hours }',
        '        onSuccess: ACCEPT',
        '        onFailure: ACCEPT',
        '        state: monitor',
        '  - service: networkAccess',
        '    policySet: VPN Users',
        '    rules:',
        '      - name: Legacy VPN MFA',
        '        connection: Legacy Duo',
        '        condition:',
        '          or:',
        '            - { library: Corp-VPN-Headends }',
        '            - { dictionary: Network Access, attribute: Device IP Address, operator: equals, value: 10.0.10.1 }',
        '            - { dictionary: Network Access, attribute: UserName, operator: equals, value: "svc-$${env:HOME}-$$${env:X}" }',
        '        onSuccess: ACCEPT',
        '        onFailure: REJECT',
        '        state: enabled',
      ].join('\n'),
    );
    expect(r.out).not.toMatch(/hitCounts|rank|ipEquals|isNegate|conditionType|[0-9a-f]{8}-[0-9a-f]{4}-/);
    // The exported file is what the offline checks accept, fail-open warning aside.
    expect(r.err).not.toContain('needs a hand edit');
  });

  test('export reads every policy set of both services, at most four rule lists at a time, and only reads', async () => {
    sim.clearLog();
    await runCommand((ctx) => exportCommand({}, ctx), { ...LOGIN, ISE_URL: sim.url }, tempDir());
    const log = sim.requestLog();
    const ruleLists = log.filter((q) => /^\/api\/v1\/policy\/[a-z-]+\/policy-set\/[^/]+\/mfa$/.test(q.path));
    const sets = sim.snapshot().policy;
    expect(ruleLists).toHaveLength(sets.deviceAdmin.policySets.length + sets.networkAccess.policySets.length);
    expect(ruleLists.every((q) => q.method === 'GET' && q.status === 200)).toBe(true);
    const widest = Math.max(
      ...ruleLists.map(
        (q) =>
          ruleLists.filter(
            (o) => o.arrivedAtMs <= q.arrivedAtMs && (o.completedAtMs ?? Infinity) > q.arrivedAtMs,
          ).length,
      ),
    );
    expect(widest).toBeLessThanOrEqual(4);
    expect(log.filter((q) => q.method !== 'GET')).toEqual([]);
  });

  test('the round trip is not empty by accident: a hand edit of an exported condition shows in the plan', async () => {
    const dir = tempDir();
    await runCommand((ctx) => exportCommand({ output: 'x.yaml' }, ctx), { ...LOGIN, ISE_URL: sim.url }, dir);
    const text = readFileSync(join(dir, 'x.yaml'), 'utf8');
    writeFile(dir, 'x.yaml', text.replace('value: 10.0.10.1 }', 'value: 10.0.10.2 }'));
    const env = variablesFromLive(text, sim);
    const planned = await runCommand((ctx) => plan({ file: 'x.yaml', format: 'json' }, ctx), env, dir);
    const changes = (JSON.parse(planned.out) as Plan).changes;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'mfa-rule', action: 'update' });
    expect(changes[0].name).toContain('Legacy VPN MFA');
    expect(changes[0].fields).toEqual([
      { field: 'condition.or[1].value', before: '10.0.10.1', after: '10.0.10.2' },
    ]);
  });

  test('the round trip is not empty by accident: a different key in a variable shows as a change', async () => {
    const dir = tempDir();
    await runCommand((ctx) => exportCommand({ output: 'x.yaml' }, ctx), { ...LOGIN, ISE_URL: sim.url }, dir);
    const env = variablesFromLive(readFileSync(join(dir, 'x.yaml'), 'utf8'), sim);
    env.DUO_LEGACY_DUO_2_AUTH_SKEY = 'another-auth-secret-0000000000000000000001';
    const planned = await runCommand((ctx) => plan({ file: 'x.yaml', format: 'json' }, ctx), env, dir);
    const changes = (JSON.parse(planned.out) as Plan).changes;
    expect(changes.map((c) => [c.name, c.fields])).toEqual([
      // This simulator returns keys in clear, so the plan can say which of the two differs.
      ['legacy-duo', [{ field: 'authApi.skey', sensitive: true }]],
    ]);
  });

  test('MFA off: mfa: { enabled: false } and no objects', async () => {
    const off = await startShape('mfa-off', 'masked');
    try {
      const r = await runCommand((ctx) => exportCommand({}, ctx), { ...LOGIN, ISE_URL: off.url }, tempDir());
      expect(r.out).toContain('mfa: { enabled: false }\n');
      expect(r.out).not.toMatch(/identitySyncs|duoConnections|mfaPolicies/);
      // Rules cannot be read while MFA is off: export does not ask.
      expect(off.requestLog().filter((q) => q.path.endsWith('/mfa'))).toEqual([]);
      // "0 of each" must not read as "ISE has none": ISE hides them while the feature is off.
      expect(r.err).toMatch(
        /Exported 0 identity sync\(s\), 0 Duo connection\(s\)\. MFA is off on ISE, and while it is off ISE shows none of its Duo objects: any it keeps are not in this file \(export again once MFA is on\)\./,
      );
    } finally {
      await off.stop();
    }
  });

  test('exported into this repository: the $schema line is relative to the file, and editors can follow it', async () => {
    const dir = mkdtempSync(join(REPO, 'test/.export-'));
    try {
      await runCommand(
        (ctx) => exportCommand({ output: 'x.yaml' }, ctx),
        { ...LOGIN, ISE_URL: sim.url },
        dir,
      );
      const first = readFileSync(join(dir, 'x.yaml'), 'utf8').split('\n')[0];
      expect(first).toBe('# yaml-language-server: $schema=../../schemas/ise-duo.schema.json');
      expect(existsSync(resolve(dir, first.split('=')[1]))).toBe(true);
      expect(schemaReference(join(REPO, 'examples/site.yaml'), '/')).toEqual({
        kind: 'relative',
        path: '../schemas/ise-duo.schema.json',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--secrets-prefix names the key variables; a prefix that is not a variable name is refused', async () => {
    const env = { ...LOGIN, ISE_URL: sim.url };
    const r = await runCommand((ctx) => exportCommand({ secretsPrefix: 'SITE1_DUO' }, ctx), env, tempDir());
    expect(r.out).toContain('adminApi: { ikey: "${env:SITE1_DUO_LEGACY_DUO_ADMIN_IKEY}"');
    expect(r.out).not.toContain('${env:DUO_');
    const bad = await runCommand((ctx) => exportCommand({ secretsPrefix: '1-bad' }, ctx), env, tempDir());
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('error: --secrets-prefix "1-bad" cannot start an environment variable name');
  });

  test('no target: a usage error, exit 1', async () => {
    const r = await runCommand((ctx) => exportCommand({}, ctx), LOGIN, tempDir());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no ISE to talk to/);
  });

  test('as a real process (--secrets clear): writes -o, prints no key, and the file validates', async () => {
    const dir = tempDir();
    const out = join(dir, 'site.yaml');
    const r = await runCli(['export', '--ise-url', sim.url, '-o', out], LOGIN);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    for (const value of secretValues(sim)) expect(r.stdout + r.stderr).not.toContain(value);
    const text = readFileSync(out, 'utf8');
    const env = variablesFromLive(text, sim);
    const validated = await runCli(['validate', out], env);
    // The hand-made fail-open rule is exported as it is, and validate says what it means.
    expect(validated.stdout).toBe(
      `${out}:65:20: warning: "onFailure: ACCEPT" fails open: when Duo cannot be reached or the second factor ` +
        'fails, ISE lets the user in anyway, so a Duo outage lets everyone in; write "onFailure: REJECT" unless ' +
        'that is intended\n' +
        `${out}: valid (MFA on, 2 identity syncs, 2 Duo connections, 3 MFA rules in 2 policy sets)\n`,
    );
    expect(validated.code).toBe(0);
  });
});
