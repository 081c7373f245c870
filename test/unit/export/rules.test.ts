/**
 * The `mfaPolicies` part of export, without a simulator: the YAML it writes for each condition form, what it
 * leaves out (ISE's Default rule, policy sets with nothing else), that the file it writes loads back into the
 * same model, and how the policy reader behaves on ISE's other answers (403, 404, unnamed references) and
 * how many rule lists it keeps in flight.
 */
import type { IseClient } from '../../../src/client/types';
import type { WireRuleMfa } from '../../../src/client/wire-policy';
import { parseDesiredState } from '../../../src/desired/load';
import { ApiError } from '../../../src/errors';
import { mapBounded, type RuleFromWire, readAllPolicies } from '../../../src/export/read-policies';
import type { LiveMfaPolicy, LiveMfaRule, LiveState, PolicyService } from '../../../src/model/state';
import { renderExport } from '../../../src/render/export-file';

const RULE_BASE = {
  connection: 'corp-duo',
  onSuccess: 'ACCEPT',
  onFailure: 'REJECT',
  state: 'enabled',
} as const;

function rule(name: string, rank: number, extra: Partial<LiveMfaRule> = {}): LiveMfaRule {
  return {
    ...RULE_BASE,
    name,
    rank,
    id: `id-${name}`,
    default: false,
    condition: {
      dictionary: 'DEVICE',
      attribute: 'Device Type',
      operator: 'equals',
      value: 'All',
      dictionaryValue: '',
    },
    ...extra,
  };
}

const POLICIES: LiveMfaPolicy[] = [
  {
    service: 'deviceAdmin',
    policySet: 'Routers',
    policySetId: 'set-1',
    rules: [
      rule('Admins use Duo', 0),
      rule('Lab admins', 1, {
        onFailure: 'ACCEPT',
        state: 'monitor',
        condition: {
          and: [
            { library: 'Business-Hours', id: 'c1' },
            {
              not: {
                dictionary: 'Network Access',
                attribute: 'Device IP Address',
                operator: 'equals',
                value: '10.0.0.1',
                dictionaryValue: '',
              },
            },
            {
              or: [
                { library: '', id: 'c2' },
                {
                  dictionary: 'CORP_AD',
                  attribute: 'ExternalGroups',
                  operator: 'equals',
                  value: 'corp/Admins',
                  dictionaryValue: 'x',
                },
              ],
            },
          ],
        },
      }),
      rule('Default', 2, { default: true, condition: null }),
    ],
  },
  {
    service: 'networkAccess',
    policySet: 'Default',
    policySetId: 'set-2',
    rules: [rule('Default', 0, { default: true, condition: null })],
  },
  {
    service: 'networkAccess',
    policySet: 'VPN Users',
    policySetId: 'set-3',
    rules: [rule('VPN', 0, { condition: { library: 'Corp-VPN-Headends', id: 'c3' } })],
  },
];

function live(mfaPolicies: LiveMfaPolicy[] = []): LiveState {
  return {
    mfaPolicies,
    otherMfaPolicies: [],
    policySetIds: {},
    libraryConditionIds: {},
    mfa: { enabled: true },
    identitySyncs: [
      {
        name: 'corp-ad',
        activeDirectories: [{ name: 'CORP_AD' }],
        adGroups: [{ source: 'CORP_AD', name: 'corp/Admins' }],
        schedule: null,
      },
    ],
    duoConnections: [
      {
        name: 'corp-duo',
        description: '',
        identitySync: 'corp-ad',
        types: ['TACACS', 'VPN'],
        apiHostName: 'api-1a2b3c4d.duosecurity.com',
        adminIkeyFingerprint: 'a',
        authIkeyFingerprint: 'b',
        secretKeysFingerprint: 'c',
        sKeyFingerprints: null,
      },
    ],
    activeDirectories: [],
    objectsReadable: true,
    fingerprints: {},
  };
}

function exported(policies: LiveMfaPolicy[] = POLICIES) {
  return renderExport({
    live: live(policies),
    targetUrl: 'https://ise.example.com',
    schemaLines: [],
    libraryNames: new Map([['c2', 'Contractors']]),
  });
}

describe('export writes mfaPolicies', () => {
  test('each condition form in the file vocabulary, leaves on one line, settings spelled out', () => {
    const { text } = exported();
    expect(text).toContain(
      [
        'mfaPolicies:',
        '  - service: deviceAdmin',
        '    policySet: Routers',
        '    rules:',
        '      - name: Admins use Duo',
        '        connection: corp-duo',
        '        condition:',
        '          dictionary: DEVICE',
        '          attribute: Device Type',
        '          operator: equals',
        '          value: All',
        '        onSuccess: ACCEPT',
        '        onFailure: REJECT',
        '        state: enabled',
        '      - name: Lab admins',
        '        connection: corp-duo',
        '        condition:',
        '          and:',
        '            - { library: Business-Hours }',
        '            - not: { dictionary: Network Access, attribute: Device IP Address, operator: equals, value: 10.0.0.1 }',
        '            - or:',
        '                - { library: Contractors }',
        '                - { dictionary: CORP_AD, attribute: ExternalGroups, operator: equals, value: corp/Admins, dictionaryValue: x }',
        '        onSuccess: ACCEPT',
        '        onFailure: ACCEPT',
        '        state: monitor',
        '  - service: networkAccess',
        '    policySet: VPN Users',
        '    rules:',
        '      - name: VPN',
        '        connection: corp-duo',
        '        condition: { library: Corp-VPN-Headends }',
      ].join('\n'),
    );
  });

  test('the Default rule is never written, and a set holding only it is left out', () => {
    const { text } = exported();
    expect(text).not.toMatch(/name: Default/);
    expect(text).not.toMatch(/policySet: Default/);
    expect(exported([POLICIES[1]]).text).not.toContain('mfaPolicies');
  });

  test('what is written loads back into the same rules (the planner then compares like with like)', () => {
    const { text, variables } = exported();
    const env = Object.fromEntries(
      variables.map((v) => [
        v,
        v.endsWith('SKEY') ? 's'.repeat(40) : v.endsWith('IKEY') ? `DI${'0'.repeat(18)}` : 'x',
      ]),
    );
    const loaded = parseDesiredState(text, 'x.yaml', env);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const strip = (p: LiveMfaPolicy) => ({
      service: p.service,
      policySet: p.policySet,
      rules: p.rules
        .filter((r) => !r.default)
        .map(({ id: _i, rank: _r, default: _d, ...r }) => ({
          ...r,
          condition: JSON.parse(
            JSON.stringify(r.condition)
              .replace(/,"id":"c\d"/g, '')
              .replace('"library":""', '"library":"Contractors"'),
          ),
        })),
    });
    expect(loaded.desired.mfaPolicies).toEqual([POLICIES[0], POLICIES[2]].map(strip));
  });

  test('MFA off: no mfaPolicies even if some were passed', () => {
    const state = live(POLICIES);
    state.mfa.enabled = false;
    const r = renderExport({ live: state, targetUrl: 'https://ise', schemaLines: [] });
    expect(r.text).not.toContain('mfaPolicies');
  });
});

const toRule: RuleFromWire = (w) =>
  rule(w.rule?.name ?? '', w.rule?.rank ?? 0, {
    condition: w.rule?.condition?.id
      ? { library: w.rule.condition.name ?? '', id: w.rule.condition.id }
      : null,
  });

function fakeClient(sets: Record<PolicyService, string[]>, rules: (set: string) => WireRuleMfa[] | Error) {
  const calls: string[] = [];
  let inFlight = 0;
  let widest = 0;
  const client = {
    listPolicySets: async (service: PolicyService) => {
      calls.push(`sets ${service}`);
      return sets[service].map((name) => ({ id: `${service}:${name}`, name }));
    },
    listMfaRules: async (_service: PolicyService, id: string) => {
      calls.push(`rules ${id}`);
      inFlight++;
      widest = Math.max(widest, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      const answer = rules(id);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    listLibraryConditions: async (service: PolicyService) => {
      calls.push(`conditions ${service}`);
      return [{ id: 'ref-1', name: 'Business-Hours' }];
    },
  } as unknown as IseClient;
  return { client, calls, widest: () => widest };
}

const apiError = (status: number) =>
  new ApiError({ kind: 'http', method: 'GET', path: '/x', status }, `HTTP ${status}`);

describe('reading every policy set for export', () => {
  test('both services, every set, rules sorted by rank, at most 4 rule lists at once', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `Set ${i}`);
    const fake = fakeClient({ deviceAdmin: names, networkAccess: ['Default'] }, () => [
      { rule: { name: 'b', rank: 1 } },
      { rule: { name: 'a', rank: 0 } },
    ]);
    const r = await readAllPolicies(fake.client, toRule);
    expect(r.policies).toHaveLength(11);
    expect(r.policies[10]).toMatchObject({
      service: 'networkAccess',
      policySet: 'Default',
      policySetId: 'networkAccess:Default',
    });
    expect(r.policies[0].rules.map((x) => x.name)).toEqual(['a', 'b']);
    expect(fake.widest()).toBe(4);
    expect(fake.calls.filter((c) => c.startsWith('conditions'))).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  test('a reference without its name: the service conditions are listed once, by id', async () => {
    const fake = fakeClient({ deviceAdmin: ['A', 'B'], networkAccess: [] }, () => [
      { rule: { name: 'r', rank: 0, condition: { conditionType: 'ConditionReference', id: 'ref-1' } } },
    ]);
    const r = await readAllPolicies(fake.client, toRule);
    expect(r.libraryNames.get('ref-1')).toBe('Business-Hours');
    expect(fake.calls.filter((c) => c.startsWith('conditions'))).toEqual(['conditions deviceAdmin']);
  });

  test('404 on every rule list: no rules, and a note; on one list only: that set is skipped', async () => {
    const none = await readAllPolicies(
      fakeClient({ deviceAdmin: ['A'], networkAccess: ['B'] }, () => apiError(404)).client,
      toRule,
    );
    expect(none.policies).toEqual([]);
    expect(none.notes).toEqual([expect.stringContaining('no MFA-rule API')]);
    const one = await readAllPolicies(
      fakeClient({ deviceAdmin: ['A', 'Gone'], networkAccess: [] }, (id) =>
        id.endsWith('Gone') ? apiError(404) : [],
      ).client,
      toRule,
    );
    expect(one.policies.map((p) => p.policySet)).toEqual(['A']);
    expect(one.notes).toEqual([]);
  });

  test('403 (MFA switched off meanwhile): no rules; other errors are raised', async () => {
    const off = await readAllPolicies(
      fakeClient({ deviceAdmin: ['A'], networkAccess: [] }, () => apiError(403)).client,
      toRule,
    );
    expect(off.policies).toEqual([]);
    await expect(
      readAllPolicies(
        fakeClient({ deviceAdmin: ['A'], networkAccess: [] }, () => apiError(500)).client,
        toRule,
      ),
    ).rejects.toThrow('HTTP 500');
  });

  test('mapBounded keeps the order of its items', async () => {
    const out = await mapBounded([3, 1, 2], 2, async (n) => {
      await new Promise((r) => setTimeout(r, n));
      return n * 10;
    });
    expect(out).toEqual([30, 10, 20]);
  });
});
