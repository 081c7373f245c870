/**
 * A connection's description is one line whether it is typed or comes from the environment: a line break,
 * tab or other control character is refused the same way from both, at the description's position, and
 * nothing reaches ISE. Before, a value from a variable holding a newline was sent.
 */
import { parseDesiredState } from '../../../src/desired/load';

const ENV = {
  P: 'p',
  S1: 'admin-skey-canary-8d1e0000000000000000001',
  S2: 'auth-skey-canary-5b2c00000000000000000001',
  NEWLINE: 'line one\nline two',
  TAB: 'a\tb',
  PLAIN: 'Duo for VPN',
};

const file = (description: string) => `version: 1
ise: { username: u, password: "\${env:P}" }
mfa: { enabled: true }
identitySyncs:
  - name: corp-ad
    activeDirectories: [CORP_AD]
    adGroups: [{ source: CORP_AD, name: "corp.example.com/Users/VPN Users" }]
duoConnections:
  - name: corp-duo
    description: ${description}
    identitySync: corp-ad
    types: [VPN]
    apiHostName: api-1a2b3c4d.duosecurity.com
    adminApi: { ikey: "DIADMINIKEYCANARY001", skey: "\${env:S1}" }
    authApi: { ikey: "DIAUTHIKEYCANARY0001", skey: "\${env:S2}" }
`;

const ONE_LINE = /10:18: "description" .* holds a line break, tab or other control character; .*one line/;

test.each([
  ['typed as an escape', '"line one\\nline two"', ''],
  ['typed as a block', '|\n      line one\n      line two', ''],
  ['from a variable', '"${env:NEWLINE}"', ' (the value comes from ${env:NEWLINE})'],
  ['from a variable inside text', '"Duo: ${env:NEWLINE}"', ' (the value comes from ${env:NEWLINE})'],
  ['a tab from a variable', '"${env:TAB}"', ' (the value comes from ${env:TAB})'],
])('a line break or tab %s is refused at the description', (_how, value, suffix) => {
  const r = parseDesiredState(file(value), 'site.yaml', ENV);
  expect(r.ok).toBe(false);
  const messages = r.ok ? [] : r.issues.map((i) => `${i.line}:${i.column}: ${i.message}`);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(ONE_LINE);
  expect(messages[0]!.endsWith(suffix)).toBe(true);
});

test('a one-line description, typed or from a variable, is accepted', () => {
  for (const value of ['"Duo for VPN"', '"${env:PLAIN}"']) {
    const r = parseDesiredState(file(value), 'site.yaml', ENV);
    expect(r.ok && r.desired.duoConnections[0]!.description).toBe('Duo for VPN');
  }
});
