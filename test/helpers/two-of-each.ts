/**
 * A desired state with two of everything for the simulator's default seed: MFA on, two identity syncs (one
 * per AD join point) and two Duo connections, each with its own four keys. From an empty ISE its plan has
 * five writes (enable, two sync creates, two connection creates), which the fault suite fails one by one.
 * Every key and the ISE password are canaries: distinct, greppable values that must never be printed.
 */
export const CANARY_ENV = {
  ISE_USERNAME: 'admin',
  ISE_PASSWORD: 'ise-pw-CANARY-9c41e7',
  CORP_ADMIN_IKEY: 'DICANARYCORPADMIN001',
  CORP_ADMIN_SKEY: 'corp-admin-skey-CANARY-0000000000000000001',
  CORP_AUTH_IKEY: 'DICANARYCORPAUTH0001',
  CORP_AUTH_SKEY: 'corp-auth-skey-CANARY-00000000000000000001',
  LAB_ADMIN_IKEY: 'DICANARYLABADMIN0001',
  LAB_ADMIN_SKEY: 'lab-admin-skey-CANARY-00000000000000000001',
  LAB_AUTH_IKEY: 'DICANARYLABAUTH00001',
  LAB_AUTH_SKEY: 'lab-auth-skey-CANARY-000000000000000000001',
} as const;

/** Every value that must never appear in output: each canary, and the Basic credentials as sent. */
export function forbiddenValues(env: { ISE_USERNAME: string; ISE_PASSWORD: string } = CANARY_ENV): string[] {
  const keys = Object.entries(CANARY_ENV)
    .filter(([name]) => name !== 'ISE_USERNAME')
    .map(([, value]) => value);
  const basic = Buffer.from(`${env.ISE_USERNAME}:${env.ISE_PASSWORD}`).toString('base64');
  return [...keys, basic];
}

export interface TwoOfEachOptions {
  /** `ise.requestTimeoutSeconds`; short in the fault suite so a hang costs one second. */
  requestTimeoutSeconds?: number;
  /** Extra lines for the `ise:` block (e.g. `caFile: ca.pem`, `insecure: true`). */
  ise?: string[];
  /**
   * Each sync's `runSync`. Default `never`: the fault suite counts configuration writes, and a sync run
   * after apply is a side-effect GET with its own tests.
   */
  runSync?: 'onChange' | 'always' | 'never';
  /** Adds MFA rules in both services (see RULES_YAML): three rule creates more from an empty ISE. */
  rules?: boolean;
}

/** The seed's Network Access set `VPN Users` with one rule naming `corp-duo`: an entry of `mfaPolicies`. */
export const VPN_POLICY_YAML = [
  '  - service: networkAccess',
  '    policySet: VPN Users',
  '    rules:',
  '      - name: VPN users use Duo',
  '        connection: corp-duo',
  '        condition: { library: Corp-VPN-Headends }',
];

/**
 * MFA rules for the default seed's policy sets, one condition form of each kind between them: an attribute
 * test, a library reference, an `and` block with a `not` inside.
 */
export const RULES_YAML = [
  'mfaPolicies:',
  '  - service: deviceAdmin',
  '    policySet: Routers',
  '    rules:',
  '      - name: Router admins use Duo',
  '        connection: corp-duo',
  '        condition: { dictionary: DEVICE, attribute: Device Type, operator: equals, value: "All Device Types#Router" }',
  '      - name: Lab admins use Duo',
  '        connection: lab-duo',
  '        condition: { and: [ { library: Network-Admins }, { not: { library: Business-Hours } } ] }',
  ...VPN_POLICY_YAML,
];

function connection(name: string, sync: string, prefix: 'CORP' | 'LAB'): string[] {
  return [
    `  - name: ${name}`,
    `    description: Duo for ${sync}`,
    `    identitySync: ${sync}`,
    '    types: [VPN, TACACS]',
    '    apiHostName: api-1a2b3c4d.duosecurity.com',
    `    adminApi: { ikey: "\${env:${prefix}_ADMIN_IKEY}", skey: "\${env:${prefix}_ADMIN_SKEY}" }`,
    `    authApi: { ikey: "\${env:${prefix}_AUTH_IKEY}", skey: "\${env:${prefix}_AUTH_SKEY}" }`,
  ];
}

export function twoOfEachYaml(options: TwoOfEachOptions = {}): string {
  const ise = [
    'ise:',
    '  username: ${env:ISE_USERNAME}',
    '  password: ${env:ISE_PASSWORD}',
    ...(options.requestTimeoutSeconds ? [`  requestTimeoutSeconds: ${options.requestTimeoutSeconds}`] : []),
    ...(options.ise ?? []).map((l) => `  ${l}`),
  ];
  return `${[
    'version: 1',
    ...ise,
    'mfa: { enabled: true }',
    'identitySyncs:',
    '  - name: corp-ad',
    '    activeDirectories: [CORP_AD]',
    '    adGroups:',
    '      - { source: CORP_AD, name: "corp.example.com/Users/VPN Users" }',
    `    runSync: ${options.runSync ?? 'never'}`,
    '  - name: lab-ad',
    '    activeDirectories: [LAB_AD]',
    '    adGroups:',
    '      - { source: LAB_AD, name: "lab.example.com/Users/Lab Users" }',
    `    runSync: ${options.runSync ?? 'never'}`,
    'duoConnections:',
    ...connection('corp-duo', 'corp-ad', 'CORP'),
    ...connection('lab-duo', 'lab-ad', 'LAB'),
    ...(options.rules ? RULES_YAML : []),
    'prune: false',
  ].join('\n')}\n`;
}
