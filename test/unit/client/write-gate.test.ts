/**
 * The write gate: once `stopWrites` is aborted, every call that would change ISE is refused before it is
 * sent (the nock interceptors stay pending), a write whose attempt failed is not retried, and reads and
 * cancelling a sync still go. The journal records what was sent and how it was answered.
 */

import { WriteJournal } from '../../../src/client/write-gate';
import nock from '../../helpers/nock';
import { apiFailure, harness, ise, resetNock } from './helpers';

afterEach(resetNock);

const body = { mfa: { connectionName: 'c1' } };

test('after the signal: writes, the connection test and starting a sync are refused unsent', async () => {
  const stop = new AbortController();
  const { client } = harness({ stopWrites: stop.signal });
  ise().put('/api/v1/duo-mfa/enable').reply(200);
  await client.setMfaEnabled(true);
  stop.abort();
  const scopes = [
    ise().post('/api/v1/duo-mfa/mfa').reply(201),
    ise().post('/api/v1/duo-mfa/mfa/testconnection/c1').reply(200, '"verified"'),
    ise().get('/api/v1/duo-identitysync/identitysync/sync/s1').reply(200, 'started'),
  ];
  for (const run of [
    () => client.createDuoConnection(body),
    () => client.testDuoConnection('c1'),
    () => client.startSync('s1'),
  ]) {
    const err = await apiFailure(run);
    expect(err.details.kind).toBe('interrupted');
    expect(err.message).toMatch(/^not applied: interrupted; .* was not sent to ISE/);
  }
  for (const scope of scopes) expect(scope.isDone()).toBe(false);
});

test('after the signal: reads and cancelling a sync still go', async () => {
  const stop = new AbortController();
  stop.abort();
  const { client } = harness({ stopWrites: stop.signal });
  ise().get('/api/v1/duo-mfa/status').reply(200, { status: true });
  ise().get('/api/v1/duo-identitysync/identitysync/sync/cancel/s1').reply(200, 'cancelled');
  expect(await client.getMfaStatus()).toBe(true);
  await client.cancelSync('s1');
  expect(nock.isDone()).toBe(true);
});

test('a PUT whose attempt failed while the signal came is not retried: its outcome is left to a re-read', async () => {
  const stop = new AbortController();
  const { client } = harness({ stopWrites: stop.signal });
  ise()
    .put('/api/v1/duo-mfa/enable')
    .reply(() => {
      stop.abort();
      return [503, 'busy'];
    });
  const again = ise().put('/api/v1/duo-mfa/enable').reply(200);
  const err = await apiFailure(() => client.setMfaEnabled(true));
  expect(err.details).toMatchObject({ status: 503, outcomeUnknown: true });
  expect(again.isDone()).toBe(false);
});

test('the journal lists every call with a side effect, answered or not', async () => {
  const journal = new WriteJournal();
  const { client } = harness({ journal });
  ise().get('/api/v1/duo-mfa/status').reply(200, { status: true });
  ise().put('/api/v1/duo-mfa/enable').reply(200);
  await client.getMfaStatus();
  await client.setMfaEnabled(true);
  expect(journal.describe()).toEqual(['PUT /api/v1/duo-mfa/enable: answered 200']);
  journal.sent('POST', '/api/v1/duo-mfa/mfa');
  expect(journal.describe()[1]).toMatch(/^POST \/api\/v1\/duo-mfa\/mfa: no answer yet/);
});
