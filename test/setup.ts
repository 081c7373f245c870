import nock from 'nock';

// No test may reach beyond this machine: unit tests talk to nock, integration tests to a simulator
// started on an ephemeral loopback port.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

// nock patches Node's shared http module once per test file; left in place, an earlier file's patch (with no
// interceptors) would shadow the next file's mocks in the same worker.
afterAll(() => {
  // A `.delay()` reply outlives the request the client aborted at its timeout; its timer would keep the jest
  // worker alive ("A worker process has failed to exit gracefully").
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.restore();
});
