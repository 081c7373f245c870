/**
 * A rule's `mfaConnectionName` as ISE may answer it (open question 3): a connection's name, or that
 * connection's Duo API host name when no connection has the answer as its name and one connection has it as
 * its host. Anything else is kept as answered, so a plan shows it.
 */
import { connectionName } from '../../../src/resources/mfa-rule';

const CONNECTIONS = [
  { name: 'corp-duo', apiHostName: 'api-1a2b3c4d.duosecurity.com' },
  { name: 'lab-duo', apiHostName: 'api-99999999.duosecurity.com' },
  { name: 'lab-duo-2', apiHostName: 'api-99999999.duosecurity.com' },
  { name: 'api-1a2b3c4d.duosecurity.com', apiHostName: 'api-00000000.duosecurity.com' },
];

test.each([
  ['a name', 'lab-duo', 'lab-duo'],
  ['a host only one connection has, in any case', 'API-1A2B3C4D.duosecurity.com', 'corp-duo'],
  ['a host two connections share: kept', 'api-99999999.duosecurity.com', 'api-99999999.duosecurity.com'],
  ['a host no connection has: kept', 'api-12345678.duosecurity.com', 'api-12345678.duosecurity.com'],
  ['an unknown name: kept', 'gone-duo', 'gone-duo'],
])('%s', (_row, answered, named) => {
  const withoutTwin = CONNECTIONS.slice(0, 3);
  expect(connectionName(answered, withoutTwin)).toBe(named);
});

test('a connection named like a host is that connection, not the one with that host', () => {
  expect(connectionName('api-1a2b3c4d.duosecurity.com', CONNECTIONS)).toBe('api-1a2b3c4d.duosecurity.com');
});
