/**
 * `mfaPolicies` on the desired side: the schema's lists agree with the model and the wire contract, the
 * loader normalizes rules (order kept, actions upper-cased, defaults, canonical conditions), equivalent
 * spellings load deep-equal, and the offline checks that are not fixtures (the fail-open warning, MFA off).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WIRE_OPERATORS } from '../../../src/client/wire-policy';
import { loadDesiredState, parseDesiredState } from '../../../src/desired/load';
import { canonicalCondition } from '../../../src/model/rule-condition';
import { type DesiredState, POLICY_SERVICES, RULE_STATES } from '../../../src/model/state';
import { desiredFingerprint } from '../../../src/planner/build-plan';
import { REPO, TEST_ENV, VALID_DIR } from './helpers';

type SchemaNode = { properties: Record<string, { enum?: string[] }> };
const schema = JSON.parse(readFileSync(join(REPO, 'schemas/ise-duo.schema.json'), 'utf8')) as {
  definitions: Record<string, SchemaNode>;
};

/** A file with one Duo connection (VPN and TACACS) and the given `mfaPolicies` YAML. */
function fileWith(policies: string, mfa = true): string {
  return [
    'version: 1',
    `mfa: { enabled: ${mfa} }`,
    'identitySyncs:',
    '  - { name: s, activeDirectories: [A], adGroups: [{ source: A, name: g }] }',
    'duoConnections:',
    '  - name: duo',
    '    identitySync: s',
    '    types: [VPN, TACACS]',
    '    apiHostName: api-1a2b3c4d.duosecurity.com',
    '    adminApi: { ikey: "${env:DUO_ADMIN_IKEY}", skey: "${env:DUO_ADMIN_SKEY}" }',
    '    authApi: { ikey: "${env:DUO_AUTH_IKEY}", skey: "${env:DUO_AUTH_SKEY}" }',
    'mfaPolicies:',
    policies,
  ].join('\n');
}

function loaded(text: string): DesiredState {
  const result = parseDesiredState(text, '/x/site.yaml', TEST_ENV);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.desired;
}

describe('the schema for mfaPolicies', () => {
  it('lists exactly the 29 operators of the wire contract, the two services and the three rule states', () => {
    expect(schema.definitions.condition!.properties.operator!.enum).toEqual([...WIRE_OPERATORS]);
    expect(schema.definitions.mfaPolicy!.properties.service!.enum).toEqual([...POLICY_SERVICES]);
    expect(schema.definitions.mfaRule!.properties.state!.enum).toEqual([...RULE_STATES]);
  });
});

describe('the editor help for mfaPolicies', () => {
  type Node = { description?: string; $ref?: string; properties?: Record<string, Node> };
  const definitions = schema.definitions as unknown as Record<string, Node>;
  const described = (node: Node): boolean =>
    !!node.description || (!!node.$ref && described(definitions[node.$ref.replace('#/definitions/', '')]!));

  it.each(['mfaPolicy', 'mfaRule', 'condition'])('every property of %s has a description', (name) => {
    const properties = Object.entries(definitions[name]!.properties!);
    expect(properties.length).toBeGreaterThan(2);
    expect(properties.filter(([, p]) => !described(p)).map(([key]) => key)).toEqual([]);
  });
});

describe('normalized MFA rules', () => {
  it('sorts policies by service and policy set, keeps rule order, fills defaults, makes conditions canonical', async () => {
    const result = await loadDesiredState(join(VALID_DIR, 'rules-need-normalizing.yaml'), TEST_ENV);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.desired.mfaPolicies).toEqual([
      { service: 'deviceAdmin', policySet: 'Default', rules: [] },
      {
        service: 'deviceAdmin',
        policySet: 'Routers',
        rules: [
          {
            name: 'Second rule first',
            connection: 'corp-duo',
            condition: {
              or: [
                { library: 'Lab-Routers' },
                { not: { and: [{ library: 'Core-Routers' }, { not: { library: 'Old-Routers' } }] } },
              ],
            },
            onSuccess: 'ACCEPT',
            onFailure: 'REJECT',
            state: 'enabled',
          },
          {
            name: 'Admins use Duo',
            connection: 'corp-duo',
            condition: {
              dictionary: 'DEVICE',
              attribute: 'Device Type',
              operator: 'notEquals',
              value: 'All Device Types#Switch ',
              dictionaryValue: '',
            },
            onSuccess: 'ACCEPT',
            onFailure: 'REJECT',
            state: 'monitor',
          },
        ],
      },
      {
        service: 'networkAccess',
        policySet: 'Default',
        rules: [
          {
            name: 'Zeta VPN',
            connection: 'corp-duo',
            condition: {
              dictionary: 'Network Access',
              attribute: 'Device IP Address',
              operator: 'equals',
              value: '10.0.10.1',
              dictionaryValue: '',
            },
            onSuccess: 'ACCEPT',
            onFailure: 'REJECT',
            state: 'disabled',
          },
        ],
      },
    ]);
  });

  it('gives deep-equal states (and fingerprints) for equivalent rules written differently', () => {
    const terse = loaded(
      fileWith(`  - service: deviceAdmin
    policySet: Default
    rules:
      - name: R
        connection: duo
        condition: { dictionary: Network Access, attribute: Device IP Address, operator: equals, value: 10.0.0.1 }`),
    );
    const verbose = loaded(
      fileWith(`  - service: deviceAdmin
    policySet: "Default"
    rules:
      - name: "R"
        connection: "\${env:CONNECTION}"
        condition:
          not:
            not:
              dictionary: Network Access
              attribute: Device IP Address
              operator: ipEquals
              value: "10.0.0.1"
              dictionaryValue: ""
        onSuccess: Accept
        onFailure: reject
        state: enabled`).replace('${env:CONNECTION}', 'duo'),
    );
    expect(verbose).toEqual(terse);
    expect(desiredFingerprint(verbose)).toBe(desiredFingerprint(terse));
  });

  it('changes the desired fingerprint when a rule changes, so a saved plan goes stale', () => {
    const rule = (value: string) =>
      loaded(
        fileWith(`  - service: deviceAdmin
    policySet: Default
    rules:
      - { name: R, connection: duo, condition: { dictionary: DEVICE, attribute: Location, operator: equals, value: ${value} } }`),
      );
    expect(desiredFingerprint(rule('A'))).not.toBe(desiredFingerprint(rule('B')));
  });

  it('has no policies when the file has no mfaPolicies', () => {
    const result = parseDesiredState('version: 1\nmfa: {enabled: false}\n', 'f.yaml', {});
    expect(result.ok && result.desired.mfaPolicies).toEqual([]);
  });
});

describe('canonicalCondition', () => {
  const test = { dictionary: 'D', attribute: 'A', operator: 'ipNotEquals', value: 'v', dictionaryValue: '' };

  it('maps the four ip* operators to their base forms and leaves the others alone', () => {
    const op = (operator: string) => (canonicalCondition({ ...test, operator }) as typeof test).operator;
    expect(['ipEquals', 'ipNotEquals', 'ipGreaterThan', 'ipLessThan'].map(op)).toEqual([
      'equals',
      'notEquals',
      'greaterThan',
      'lessThan',
    ]);
    expect(['macEquals', 'contains', 'in'].map(op)).toEqual(['macEquals', 'contains', 'in']);
  });

  it('cancels double negation at any depth and keeps a single one', () => {
    expect(canonicalCondition({ not: { not: { not: { not: test } } } })).toEqual({
      ...test,
      operator: 'notEquals',
    });
    expect(canonicalCondition({ and: [{ not: { not: { not: { library: 'L' } } } }] })).toEqual({
      and: [{ not: { library: 'L' } }],
    });
  });

  it('keeps children in order and a resolved library id, and does not change its argument', () => {
    const input = { or: [{ library: 'B', id: 'id-b' }, { library: 'A' }] };
    const copy = JSON.parse(JSON.stringify(input));
    expect(canonicalCondition(input)).toEqual(input);
    expect(input).toEqual(copy);
  });
});

describe('offline checks that are not fixtures', () => {
  it('warns that onFailure ACCEPT fails open, with its position, and still loads', async () => {
    const file = join(VALID_DIR, 'rule-fail-open-warning.yaml');
    const result = await loadDesiredState(file, TEST_ENV);
    expect(result.ok && result.warnings).toEqual([
      {
        file,
        line: 23,
        column: 20,
        pointer: '/mfaPolicies/0/rules/0/onFailure',
        severity: 'warning',
        message:
          '"onFailure: ACCEPT" fails open: when Duo cannot be reached or the second factor fails, ISE lets the user in anyway, so a Duo outage lets everyone in; write "onFailure: REJECT" unless that is intended',
      },
    ]);
    expect(result.ok && result.desired.mfaPolicies[0]!.rules[0]!.onFailure).toBe('ACCEPT');
  });

  it('warns that onSuccess REJECT locks out everyone the rule matches, and still loads', async () => {
    const file = join(VALID_DIR, 'rule-fail-open-warning.yaml');
    const text = readFileSync(file, 'utf8').replace('onFailure: accept', 'onSuccess: reject');
    const result = parseDesiredState(text, 'f.yaml', TEST_ENV);
    expect(result.ok && result.warnings.map((w) => [w.pointer, w.line, w.message])).toEqual([
      [
        '/mfaPolicies/0/rules/0/onSuccess',
        23,
        expect.stringMatching(/^"onSuccess: REJECT" locks out everyone/),
      ],
    ]);
  });

  // Audit of 2026-12-02: such a name passed validate, then failed mid-apply after three writes.
  it.each(['Default', 'default', ' DEFAULT'])(
    "refuses a rule named %j, ISE's Default rule, at its name",
    (name) => {
      const text = fileWith(
        `  - service: deviceAdmin\n    policySet: Routers\n    rules:\n      - name: "${name}"\n        connection: duo\n        condition: { library: L }`,
      );
      const result = parseDesiredState(text, '/x/site.yaml', TEST_ENV);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues).toContainEqual(
        expect.objectContaining({
          line: 16,
          pointer: '/mfaPolicies/0/rules/0/name',
          message: expect.stringMatching(
            /is the name of ISE's Default rule, which ise-duo never creates, changes or deletes/,
          ),
        }),
      );
    },
  );

  it('with MFA off reports mfaPolicies once, not each rule connection as well', () => {
    const result = parseDesiredState(
      [
        'version: 1',
        'mfa: { enabled: false }',
        'mfaPolicies:',
        '  - service: networkAccess',
        '    policySet: Default',
        '    rules: [{ name: R, connection: gone, condition: { library: L } }]',
      ].join('\n'),
      '/x/off.yaml',
      TEST_ENV,
    );
    expect(result.ok ? [] : result.issues.map((i) => [i.line, i.column, i.pointer])).toEqual([
      [4, 3, '/mfaPolicies'],
    ]);
  });

  it('checks a connection named through the environment by the name it resolves to', () => {
    const text = fileWith(`  - service: networkAccess
    policySet: Default
    rules: [{ name: R, connection: "\${env:CONNECTION}", condition: { library: L } }]`);
    expect(parseDesiredState(text, '/x/site.yaml', { ...TEST_ENV, CONNECTION: 'duo' }).ok).toBe(true);
    const wrong = parseDesiredState(text, '/x/site.yaml', { ...TEST_ENV, CONNECTION: 'other' });
    expect(wrong.ok ? [] : wrong.issues.map((i) => i.message)).toEqual([
      '"connection" "other" is not a Duo connection in this file (declared: duo)',
    ]);
  });
});
