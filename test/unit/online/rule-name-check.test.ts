/**
 * The online check of MFA-rule names against a fake ISE (plain functions that count their calls): unknown
 * policy sets and library conditions at their line:col with a did-you-mean, in both services; one lookup per
 * fact; the library list only for an unknown name; and the client's lookup cache that lets `plan` share the
 * reader's answers (a failed lookup is asked again).
 */
import { join } from 'node:path';
import { withPolicyLookupCache } from '../../../src/client/lookup-cache';
import type { IseClient } from '../../../src/client/types';
import type { WireCondition, WirePolicySet } from '../../../src/client/wire-policy';
import { parseDesiredState } from '../../../src/desired/load';
import type { PolicyService } from '../../../src/model/state';
import {
  checkRuleNamesOnline,
  type PolicyLookups,
  ruleNamesAllKnown,
} from '../../../src/online/rule-name-check';
import { tempDir, writeFile } from '../../helpers/harness';

const SETS: Record<PolicyService, string[]> = {
  deviceAdmin: ['Default', 'Routers', 'Switches'],
  networkAccess: ['Default', 'VPN Users'],
};
const LIBRARY: Record<PolicyService, string[]> = {
  deviceAdmin: ['Network-Admins', 'Business-Hours'],
  networkAccess: ['Corp-VPN-Headends', 'Business-Hours'],
};

function fakeIse() {
  const calls: string[] = [];
  const lookups: PolicyLookups = {
    listPolicySets: async (service) => {
      calls.push(`sets ${service}`);
      return SETS[service].map((name): WirePolicySet => ({ name, id: `id-${name}` }));
    },
    getLibraryCondition: async (service, name) => {
      calls.push(`condition ${service} ${name}`);
      return LIBRARY[service].includes(name) ? ({ name, id: `id-${name}` } as WireCondition) : null;
    },
    listLibraryConditions: async (service) => {
      calls.push(`conditions ${service}`);
      return LIBRARY[service].map((name): WireCondition => ({ name }));
    },
  };
  return { calls, lookups };
}

const FILE = `version: 1
mfa: { enabled: true }
identitySyncs:
  - { name: s, activeDirectories: [A], adGroups: [{ source: A, name: g }] }
duoConnections:
  - name: duo
    identitySync: s
    types: [VPN, TACACS]
    apiHostName: api-1a2b3c4d.duosecurity.com
    adminApi: { ikey: "\${env:DUO_ADMIN_IKEY}", skey: "\${env:DUO_ADMIN_SKEY}" }
    authApi: { ikey: "\${env:DUO_AUTH_IKEY}", skey: "\${env:DUO_AUTH_SKEY}" }
mfaPolicies:
  - service: deviceAdmin
    policySet: Routrs
    rules:
      - name: Admins use Duo
        connection: duo
        condition:
          or:
            - { library: Network-Admins }
            - not: { library: network-admins }
  - service: networkAccess
    policySet: "\${env:VPN_SET}"
    rules:
      - name: VPN users use Duo
        connection: duo
        condition:
          and:
            - { library: Corp-VPN-Headend }
            - { library: Business-Hours }
      - name: Second
        connection: duo
        condition: { library: Corp-VPN-Headend }
`;
const ENV = {
  DUO_ADMIN_IKEY: 'DIADMIN0000000000001',
  DUO_ADMIN_SKEY: 'adminsecret000000000000000000000000000001',
  DUO_AUTH_IKEY: 'DIAUTH00000000000001',
  DUO_AUTH_SKEY: 'authsecret0000000000000000000000000000001',
  VPN_SET: 'VPN users',
};

describe('MFA-rule names checked against ISE', () => {
  const dir = tempDir();
  const path = join(dir, 'site.yaml');
  writeFile(dir, 'site.yaml', FILE);

  it('places each unknown policy set and library condition, with a did-you-mean, in both services', async () => {
    const { lookups } = fakeIse();
    const issues = await checkRuleNamesOnline(path, 'site.yaml', ENV, lookups);
    expect(issues.map((i) => `${i.line}:${i.column} ${i.pointer} ${i.message}`)).toEqual([
      '14:16 /mfaPolicies/0/policySet Device Admin policy set "Routrs" is not on ISE; did you mean "Routers"? (ISE has: "Default", "Routers", "Switches"); ise-duo does not create policy sets: create it in ISE, or name one it has',
      '21:31 /mfaPolicies/0/rules/0/condition/or/1/not/library MFA rule "Admins use Duo": "network-admins" is not a Device Admin library condition on ISE; did you mean "Network-Admins"?',
      '23:16 /mfaPolicies/1/policySet Network Access policy set "VPN users" is not on ISE; did you mean "VPN Users"? (ISE has: "Default", "VPN Users"); ise-duo does not create policy sets: create it in ISE, or name one it has',
      '29:26 /mfaPolicies/1/rules/0/condition/and/0/library MFA rule "VPN users use Duo": "Corp-VPN-Headend" is not a Network Access library condition on ISE; did you mean "Corp-VPN-Headends"?',
      '33:31 /mfaPolicies/1/rules/1/condition/library MFA rule "Second": "Corp-VPN-Headend" is not a Network Access library condition on ISE; did you mean "Corp-VPN-Headends"?',
    ]);
  });

  it('asks one policy-set list per service, one lookup per distinct name, and a library list only when one is unknown', async () => {
    const { calls, lookups } = fakeIse();
    await checkRuleNamesOnline(path, 'site.yaml', ENV, lookups);
    expect([...calls].sort()).toEqual([
      'condition deviceAdmin Network-Admins',
      'condition deviceAdmin network-admins',
      'condition networkAccess Business-Hours',
      'condition networkAccess Corp-VPN-Headend',
      'conditions deviceAdmin',
      'conditions networkAccess',
      'sets deviceAdmin',
      'sets networkAccess',
    ]);

    const good = fakeIse();
    const fixed = FILE.replace('Routrs', 'Routers')
      .replace('network-admins', 'Network-Admins')
      .replaceAll('Corp-VPN-Headend }', 'Corp-VPN-Headends }');
    writeFile(dir, 'good.yaml', fixed);
    const loaded = parseDesiredState(fixed, join(dir, 'good.yaml'), { ...ENV, VPN_SET: 'VPN Users' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(await ruleNamesAllKnown(loaded.desired.mfaPolicies, good.lookups)).toBe(true);
    expect([...good.calls].sort()).toEqual([
      'condition deviceAdmin Network-Admins',
      'condition networkAccess Business-Hours',
      'condition networkAccess Corp-VPN-Headends',
      'sets deviceAdmin',
      'sets networkAccess',
    ]);
  });

  it('finds the same unknown names on the loaded state, without positions (the fast path of plan)', async () => {
    const loaded = parseDesiredState(FILE, path, ENV);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(await ruleNamesAllKnown(loaded.desired.mfaPolicies, fakeIse().lookups)).toBe(false);
  });
});

describe('the client lookup cache', () => {
  function countingClient() {
    const { calls, lookups } = fakeIse();
    let failNext = false;
    const client = {
      ...lookups,
      listPolicySets: (service: PolicyService) => {
        if (failNext) {
          failNext = false;
          calls.push(`sets ${service} (failed)`);
          return Promise.reject(new Error('connection reset'));
        }
        return lookups.listPolicySets(service);
      },
      listMfaRules: async () => {
        calls.push('rules');
        return [];
      },
    } as unknown as IseClient;
    return { calls, client, failOnce: () => (failNext = true) };
  }

  it('answers each policy lookup once per run and passes everything else through', async () => {
    const { calls, client } = countingClient();
    const cached = withPolicyLookupCache(client);
    await cached.listPolicySets('deviceAdmin');
    await cached.listPolicySets('deviceAdmin');
    await cached.listPolicySets('networkAccess');
    await cached.getLibraryCondition('deviceAdmin', 'Network-Admins');
    await cached.getLibraryCondition('deviceAdmin', 'Network-Admins');
    await cached.getLibraryCondition('networkAccess', 'Network-Admins');
    await cached.listLibraryConditions('networkAccess');
    await cached.listLibraryConditions('networkAccess');
    await cached.listMfaRules('deviceAdmin', 'id-Default');
    await cached.listMfaRules('deviceAdmin', 'id-Default');
    expect(calls).toEqual([
      'sets deviceAdmin',
      'sets networkAccess',
      'condition deviceAdmin Network-Admins',
      'condition networkAccess Network-Admins',
      'conditions networkAccess',
      'rules',
      'rules',
    ]);
  });

  it('forgets a failed lookup, so the next ask goes to ISE again', async () => {
    const { calls, client, failOnce } = countingClient();
    const cached = withPolicyLookupCache(client);
    failOnce();
    await expect(cached.listPolicySets('deviceAdmin')).rejects.toThrow('connection reset');
    expect((await cached.listPolicySets('deviceAdmin')).map((s) => s.name)).toEqual(SETS.deviceAdmin);
    expect(calls).toEqual(['sets deviceAdmin (failed)', 'sets deviceAdmin']);
  });
});
