/**
 * Audit finding 4: ISE holding a known secret in a field that is not secret (an admin pasted a key into
 * the wrong field). The simulator returns keys in clear, and holds in non-secret fields the file's admin
 * sKey (a description), its auth sKey (an identity sync's name), the ISE password (an API host, in
 * another case, and an AD group name), and keys that only ISE returned in clear (a connection's name, a
 * rule's name and condition, descriptions). plan (text, JSON, the saved plan), drift and export (stdout and file) show none of the
 * secrets they know, not even a fragment, and the plan and the export say which objects hold one. A plan
 * knows the file's keys, the password and the keys ISE returns for the connections it reads in detail
 * (those the file names); export has no file, and knows the password and every key ISE returns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drift } from '../../src/commands/drift';
import { exportCommand } from '../../src/commands/export';
import { plan } from '../../src/commands/plan';
import type { LogLevel } from '../../src/logger';
import type { Plan } from '../../src/model/plan';
import { type RunningSimulator, type SimSeed, startSimulator } from '../../src/sim';
import { loadSeed } from '../../src/sim/seed';
import { DEFAULT_SEED_FILE } from '../../src/sim/types';
import { fragmentLeaks } from '../helpers/fragments';
import { type RunOutput, runCommand, siteYaml, tempDir, writeFile } from '../helpers/harness';
import { VPN_POLICY_YAML } from '../helpers/two-of-each';

/** The canaries share no 8-character piece, so a fragment found names the secret it is from. */
const ENV = {
  ISE_USERNAME: 'admin',
  ISE_PASSWORD: 'Pw-held-ujzPdeIgxLdG',
  DUO_ADMIN_IKEY: 'DIHELDADMINIKEYAAAAA',
  DUO_ADMIN_SKEY: 'AdminHeldncfBAepfJBdKhoOOLdKLzdocJisAjIh',
  DUO_AUTH_IKEY: 'DIHELDAUTHIKEYBBBBBB',
  DUO_AUTH_SKEY: 'AuthHeldKtJRlgLKOmxgJTeKdNnFRIBXuDLDxtpY',
};
/** corp-duo's auth sKey on ISE (the file rotates it): known to a plan only because ISE returns it in clear. */
const CORP_OLD_SKEY = 'CorpOldlSXpfKtHFvUCsMehGAkWvjFAcQeWJKYuv';
/** lab-duo's keys: only export, which reads lab-duo in detail, sees them. */
const LAB_ADMIN_SKEY = 'LabAdminSwMFLZDefrESQedUStPKRCsTyQwbDwkN';
const LAB_AUTH_SKEY = 'LabAuthhFdnXsiVpzzFfkCzJriBJrTAwRyojfljo';
const PLAN_CANARIES = [ENV.ISE_PASSWORD, ENV.DUO_ADMIN_SKEY, ENV.DUO_AUTH_SKEY, CORP_OLD_SKEY];
/** The file's auth sKey is no key on ISE, so export cannot know it (and prints it as corp-duo's sync). */
const EXPORT_CANARIES = [ENV.ISE_PASSWORD, ENV.DUO_ADMIN_SKEY, CORP_OLD_SKEY, LAB_ADMIN_SKEY, LAB_AUTH_SKEY];

const GROUP_HOLDING_PASSWORD = `corp.example.com/Users/${ENV.ISE_PASSWORD}`;
const keys = (admin: string, auth: string, ikeys = ['DILABADMINIKEYCCCCCC', 'DILABAUTHIKEYDDDDDDD']) => ({
  apiHostName: 'api-1a2b3c4d.duosecurity.com',
  adminApi: { ikey: ikeys[0], sKey: admin },
  authenticationApi: { ikey: ikeys[1], sKey: auth },
});

/** An unmanaged rule in the policy set the file names: its name and its condition hold keys. */
const RULE = {
  rule: {
    name: `MFA ${CORP_OLD_SKEY}`,
    condition: {
      conditionType: 'ConditionAttributes',
      dictionaryName: 'Radius',
      attributeName: 'User-Name',
      operator: 'equals',
      attributeValue: LAB_AUTH_SKEY,
    },
  },
  mfaConnectionName: 'corp-duo',
  mfaResultAction: 'ACCEPT',
  mfaFailAction: 'REJECT',
};

function seed(): SimSeed {
  const world = loadSeed(DEFAULT_SEED_FILE).seed;
  const groups = ['VPN Users', 'Network Admins'].map((g) => `corp.example.com/Users/${g}`);
  return {
    ...world,
    mfaEnabled: true,
    activeDirectories: world.activeDirectories.map((d) =>
      d.name === 'CORP_AD'
        ? { ...d, groups: [...d.groups, { name: GROUP_HOLDING_PASSWORD, sid: 'S-1-5-21-9-1' }] }
        : d,
    ),
    policySets: {
      ...world.policySets,
      networkAccess: (world.policySets?.networkAccess ?? []).map((set) =>
        set.name === 'VPN Users' ? { ...set, mfaRules: [RULE] } : set,
      ),
    },
    identitySyncs: [
      {
        syncName: 'corp-ad',
        configurations: { activeDirectories: [{ name: 'CORP_AD' }] },
        adGroups: [...groups, GROUP_HOLDING_PASSWORD].map((name) => ({ name, source: 'CORP_AD' })),
      },
      {
        syncName: ENV.DUO_AUTH_SKEY,
        configurations: { activeDirectories: [{ name: 'LAB_AD' }] },
        adGroups: [{ name: 'lab.example.com/Users/Lab Admins', source: 'LAB_AD' }],
      },
    ],
    duoConnections: [
      {
        connectionName: 'corp-duo',
        description: ENV.DUO_ADMIN_SKEY,
        identitySync: ENV.DUO_AUTH_SKEY,
        type: 'VPN,TACACS',
        accountConfigurations: {
          ...keys(ENV.DUO_ADMIN_SKEY, CORP_OLD_SKEY, [ENV.DUO_ADMIN_IKEY, ENV.DUO_AUTH_IKEY]),
          apiHostName: ENV.ISE_PASSWORD.toLowerCase(),
        },
      },
      {
        connectionName: 'lab-duo',
        description: `copy of ${CORP_OLD_SKEY}`,
        identitySync: 'corp-ad',
        type: 'VPN',
        accountConfigurations: keys(LAB_ADMIN_SKEY, LAB_AUTH_SKEY),
      },
      {
        connectionName: CORP_OLD_SKEY,
        description: `see ${LAB_ADMIN_SKEY}`,
        identitySync: 'corp-ad',
        type: 'VPN',
        accountConfigurations: keys(
          'OtherAdminSkeyNotACanaryAAAAAAAAAAAAAAAAA',
          'OtherAuthSkeyNotACanaryBBBBBBBBBBBBBBBBBB',
        ),
      },
    ],
  };
}

const RULES = ['mfaPolicies:', ...VPN_POLICY_YAML].join('\n');

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, password: ENV.ISE_PASSWORD, secrets: 'clear', seed: seed() });
  dir = tempDir();
  writeFile(dir, 'site.yaml', `${siteYaml({})}${RULES}\n`);
  writeFile(dir, 'prune.yaml', `${siteYaml({ prune: true })}${RULES}\n`);
  env = { ...ENV, ISE_URL: sim.url };
});
afterAll(() => sim.stop());

const run = (command: Parameters<typeof runCommand>[0], level: LogLevel = 'trace') =>
  runCommand(command, env, dir, { level });

function expectNoCanary(where: string, text: string, canaries = PLAN_CANARIES): void {
  expect(fragmentLeaks(where, text, canaries)).toEqual([]);
}

function expectClean(name: string, r: RunOutput, canaries = PLAN_CANARIES): void {
  for (const [part, text] of Object.entries({ out: r.out, err: r.err, logs: r.logs })) {
    expectNoCanary(`${name} ${part}`, text, canaries);
  }
}

test('the canaries are on the simulated ISE, where the reader meets them', () => {
  const held = JSON.stringify(sim.snapshot());
  for (const canary of [...PLAN_CANARIES, ...EXPORT_CANARIES]) expect(held).toContain(canary);
});

test('plan, in text and JSON and as a saved plan, shows none of them and says where they are', async () => {
  const text = await run((ctx) => plan({ file: 'site.yaml', format: 'text' }, ctx));
  const json = await run((ctx) => plan({ file: 'site.yaml', format: 'json', out: 'plan.json' }, ctx));
  expect(text.code).toBe(0);
  expect(json.code).toBe(0);
  expectClean('plan text', text);
  expectClean('plan json', json);
  const saved = readFileSync(join(dir, 'plan.json'), 'utf8');
  expectNoCanary('saved plan', saved);
  // The fields are shown as the marker, so the plan still puts the file's values back.
  expect(text.out).toContain('description: "(sensitive)" -> "Duo for VPN"');
  expect(text.out).toMatch(/apiHostName: "\(sensitive\)" -> "api-1a2b3c4d\.duosecurity\.com"/);
  const parsed = JSON.parse(json.out) as Plan;
  expect(parsed.notes).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^duo-connection "corp-duo": ISE holds a secret value .* in description, identitySync, apiHostName;/,
      ),
      expect.stringMatching(/^duo-connection "\(sensitive\)": ISE holds a secret value .* in name;/),
      expect.stringMatching(/^identity-sync "corp-ad": ISE holds a secret value .* in adGroups\[\d\]\.name;/),
      expect.stringMatching(
        /^mfa-rule "\(sensitive\)" \(networkAccess policy set "VPN Users"\): .* in name;/,
      ),
    ]),
  );
  expect(parsed.unmanaged).toEqual(expect.arrayContaining([{ kind: 'duo-connection', name: '(sensitive)' }]));
});

test('drift, in text and JSON, shows none of them', async () => {
  for (const format of ['text', 'json'] as const) {
    const r = await run((ctx) => drift({ file: 'site.yaml', format }, ctx));
    expect(r.code).toBe(2);
    expectClean(`drift ${format}`, r);
  }
});

test('a pruning plan keeps the connection whose name holds a key: ise-duo cannot name it to ISE', async () => {
  const r = await run((ctx) => plan({ file: 'prune.yaml', format: 'json' }, ctx));
  expect(r.code).toBe(0);
  expectClean('prune plan', r);
  const parsed = JSON.parse(r.out) as Plan;
  const deleted = parsed.changes.filter((c) => c.action === 'delete').map((c) => `${c.kind} ${c.name}`);
  expect(deleted).toContain('duo-connection lab-duo');
  expect(deleted).not.toContain('duo-connection (sensitive)');
  expect(deleted).not.toContain('identity-sync (sensitive)');
  expect(parsed.unmanaged).toEqual([
    { kind: 'identity-sync', name: '(sensitive)' },
    { kind: 'duo-connection', name: '(sensitive)' },
  ]);
  for (const kind of ['identity-sync', 'duo-connection']) {
    expect(parsed.notes).toContain(
      `${kind} "(sensitive)" is kept although the file prunes: its name on ISE holds a secret value, so ` +
        'ise-duo cannot name it in a request; rename or delete it on ISE.',
    );
  }
});

test('export, to stdout and to a file, writes none of them and says where they are', async () => {
  // At trace: export reads every connection by name, so a debug line's request path names the connection
  // called after a key, before the read that shows it is one.
  const toStdout = await run((ctx) => exportCommand({}, ctx));
  const toFile = await run((ctx) => exportCommand({ output: 'exported.yaml' }, ctx));
  expect(toStdout.code).toBe(0);
  expect(toFile.code).toBe(0);
  expectClean('export stdout', toStdout, EXPORT_CANARIES);
  expectClean('export -o', toFile, EXPORT_CANARIES);
  expectNoCanary('exported file', readFileSync(join(dir, 'exported.yaml'), 'utf8'), EXPORT_CANARIES);
  expect(toStdout.err).toMatch(
    /note: duo-connection "corp-duo": ISE holds a secret value .* in description, apiHostName;/,
  );
  expect(toStdout.err).toMatch(
    /note: duo-connection "\(sensitive\)": ISE holds a secret value .* in name, description;/,
  );
  expect(toStdout.err).toMatch(/note: duo-connection "lab-duo": ISE holds a secret value .* in description;/);
  expect(toStdout.out).toMatch(/^ {2}- name: \(sensitive\)$/m);
  expect(toStdout.out).toMatch(/^ {6}- name: \(sensitive\)$/m);
  expect(toStdout.err).toMatch(
    /note: mfa-rule "\(sensitive\)" \(networkAccess policy set "VPN Users"\): .* in name, condition\.value;/,
  );
});
