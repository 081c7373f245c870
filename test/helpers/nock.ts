/**
 * nock, for the test files that mock ISE: import it from here, never from 'nock'. Loading nock activates its
 * interceptor on Node's shared http module, so only these files load it (see loopback-only.ts for why), and
 * each removes it when done: left in place, it would shadow the next file's mocks in the same jest worker
 * and slow every request of the files after it. Real connections stay limited to loopback.
 */
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

afterAll(() => {
  // A `.delay()` reply outlives the request the client aborted at its timeout; its timer would keep the jest
  // worker alive ("A worker process has failed to exit gracefully").
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.restore();
});

export default nock;
