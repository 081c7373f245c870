import nock from 'nock';

// No test may reach beyond this machine: unit tests talk to nock, integration tests to a simulator
// started on an ephemeral loopback port.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
