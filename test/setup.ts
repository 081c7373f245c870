import { allowLoopbackOnly } from './helpers/loopback-only';

// No test may reach beyond this machine: unit tests mock ISE with nock (helpers/nock.ts), integration tests
// talk to a simulator started on an ephemeral loopback port.
allowLoopbackOnly();
