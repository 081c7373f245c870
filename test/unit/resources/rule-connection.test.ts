/**
 * A rule's `mfaConnectionName` as ISE may answer it (open question 3): a connection's name, or a Duo API
 * host name, which names the connections with that host: one, or several when connections share a Duo
 * account (helper report of 2026-12-04: such a rule never converged, every plan showed a critical change,
 * and the refusal to delete a connection a rule still names let the delete through to ISE's 400).
 */
import type { LiveMfaRule } from '../../../src/model/state';
import { asAnsweredFor, connectionsAnswered, withConnectionNames } from '../../../src/resources/mfa-rule';

const CONNECTIONS = [
  { name: 'corp-duo', apiHostName: 'api-1a2b3c4d.duosecurity.com' },
  { name: 'lab-duo', apiHostName: 'api-99999999.duosecurity.com' },
  { name: 'lab-duo-2', apiHostName: 'api-99999999.duosecurity.com' },
  { name: 'api-1a2b3c4d.duosecurity.com', apiHostName: 'api-00000000.duosecurity.com' },
];
const withoutTwin = CONNECTIONS.slice(0, 3);

test.each([
  ['a name', 'lab-duo', ['lab-duo']],
  ['a host only one connection has, in any case', 'API-1A2B3C4D.duosecurity.com', ['corp-duo']],
  ['a host two connections share: both', 'api-99999999.duosecurity.com', ['lab-duo', 'lab-duo-2']],
  ['a host no connection has: none', 'api-12345678.duosecurity.com', []],
  ['an unknown name: none', 'gone-duo', []],
])('%s', (_row, answered, named) => {
  expect(connectionsAnswered(answered, withoutTwin)).toEqual(named);
});

test('a connection named like a host is that connection, not the one with that host', () => {
  expect(connectionsAnswered('api-1a2b3c4d.duosecurity.com', CONNECTIONS)).toEqual([
    'api-1a2b3c4d.duosecurity.com',
  ]);
});

const rule = (connection: string): LiveMfaRule => ({
  name: 'r',
  connection,
  condition: null,
  onSuccess: 'ACCEPT',
  onFailure: 'REJECT',
  state: 'enabled',
  id: 'id-1',
  rank: 0,
  default: false,
});

test('read: one name is taken; a shared host keeps the answer and lists the candidates', () => {
  const [policy] = withConnectionNames(
    [
      {
        service: 'deviceAdmin',
        policySet: 'Routers',
        policySetId: 'p1',
        rules: [rule('API-1A2B3C4D.duosecurity.com'), rule('api-99999999.duosecurity.com'), rule('gone')],
      },
    ],
    withoutTwin,
  );
  expect(policy!.rules.map((r) => [r.connection, r.connectionCandidates])).toEqual([
    ['corp-duo', undefined],
    ['api-99999999.duosecurity.com', ['lab-duo', 'lab-duo-2']],
    ['gone', undefined],
  ]);
});

test('compared with the file: a candidate is the file connection; another name is not', () => {
  const shared = { ...rule('api-99999999.duosecurity.com'), connectionCandidates: ['lab-duo', 'lab-duo-2'] };
  expect(asAnsweredFor(shared, { connection: 'lab-duo-2' }).connection).toBe('lab-duo-2');
  expect(asAnsweredFor(shared, { connection: 'corp-duo' }).connection).toBe('api-99999999.duosecurity.com');
});
