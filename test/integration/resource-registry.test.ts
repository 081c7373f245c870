/**
 * A kind is registered whole or not at all: every registered spec declares each part (planner, reader,
 * handlers, re-read, naming), the client has every method the kind names, and the simulator routes every
 * ISE operation the kind uses. Adding a line to the registry without the rest fails here.
 */
import { createIseClient } from '../../src/client/ise-client';
import { Secret } from '../../src/model/secret';
import { REGISTRY } from '../../src/resources/registry';
import { type RunningSimulator, startSimulator } from '../../src/sim';

const PASSWORD = 'registry-test-password';

describe('the resource registry', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, username: 'admin', password: PASSWORD });
  });
  afterAll(() => sim.stop());

  test('holds each kind once', () => {
    const kinds = REGISTRY.map((s) => s.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toEqual(['mfa', 'identity-sync', 'duo-connection', 'mfa-rule']);
  });

  test.each(REGISTRY.map((s) => [s.kind, s] as const))('%s declares every part', (_kind, spec) => {
    for (const hook of ['label', 'title', 'plan', 'read', 'tookEffect'] as const) {
      expect(typeof spec[hook]).toBe('function');
    }
    expect(Object.keys(spec.handlers).length).toBeGreaterThan(0);
    for (const h of Object.values(spec.handlers)) expect(typeof h).toBe('function');
    // A rule's key holds its policy set: `service/policySet/name`.
    const key = spec.kind === 'mfa-rule' ? 'deviceAdmin/Routers/x' : 'x';
    expect(spec.label(key)).toContain(spec.kind === 'mfa' ? 'MFA' : '"x"');
    expect(spec.api.client.length).toBeGreaterThan(0);
    expect(spec.api.routes.length).toBeGreaterThan(0);
  });

  test.each(REGISTRY.map((s) => [s.kind, s] as const))('%s: the client has its methods', (_kind, spec) => {
    const client = createIseClient({ baseUrl: sim.url, username: 'admin', password: new Secret(PASSWORD) });
    for (const method of spec.api.client) expect(typeof client[method]).toBe('function');
    // Its reads by name are among the methods it declares (the reader watches them, the convergence check sends them).
    const byName = spec.byName ? [spec.byName.list, spec.byName.get] : [];
    expect(spec.api.client).toEqual(expect.arrayContaining(byName));
  });

  test.each(REGISTRY.map((s) => [s.kind, s] as const))(
    '%s: the simulator routes its operations',
    async (_kind, spec) => {
      const auth = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
      for (const route of spec.api.routes) {
        const [method, path] = route.split(' ');
        const res = await fetch(`${sim.url}${path}`, {
          method,
          headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
          ...(method === 'POST' || method === 'PUT' ? { body: '{}' } : {}),
        });
        const text = await res.text();
        // Any answer but "no such operation" (404 naming the path, or 405) shows the route exists.
        expect({ route, routed: res.status !== 405 && !/No API operation/.test(text) }).toEqual({
          route,
          routed: true,
        });
      }
    },
  );
});
