/**
 * `export` against many objects: the requests in flight at once stay within `--max-in-flight` (default 8),
 * measured by a counting proxy between the CLI process and the simulator, and reading N objects costs N
 * detail GETs plus a fixed few (no list read per object). The self-check scrubs every loader message with
 * one scrubber instead of building one per message (that was quadratic: minutes for thousands of objects).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDesiredState } from '../../src/desired/load';
import * as scrubber from '../../src/model/scrubber';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import type { SimSeed } from '../../src/sim/types';
import { DUO_ENV, runCli, tempDir } from '../helpers/harness';

const N = 60;
const JOIN = {
  directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6',
  domain: 'corp.example.com',
  name: 'CORP_AD',
};
const seed: SimSeed = {
  mfaEnabled: true,
  activeDirectories: [
    { ...JOIN, groups: [{ name: 'corp.example.com/Users/VPN Users', sid: 'S-1-5-21-1-1' }] },
  ],
  identitySyncs: [
    {
      syncName: 's1',
      configurations: { activeDirectories: [JOIN] },
      adGroups: [{ name: 'corp.example.com/Users/VPN Users', source: 'CORP_AD' }],
      syncSchedule: { schedulerSync: 'none' },
    },
  ],
  duoConnections: Array.from({ length: N }, (_, i) => ({
    connectionName: `conn-${i}`,
    description: 'x',
    type: 'VPN',
    identitySync: 's1',
    accountConfigurations: {
      apiHostName: 'api-1a2b3c4d.duosecurity.com',
      adminApi: { ikey: 'DIADMINIKEYCANARY001', sKey: DUO_ENV.DUO_ADMIN_SKEY },
      authenticationApi: { ikey: 'DIAUTHIKEYCANARY0001', sKey: DUO_ENV.DUO_AUTH_SKEY },
    },
  })),
};

let sim: RunningSimulator;
let proxy: Server;
let proxyUrl: string;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    username: DUO_ENV.ISE_USERNAME,
    password: DUO_ENV.ISE_PASSWORD,
    seed,
  });
  sim.setLatency(15);
  const target = new URL(sim.url);
  proxy = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => {
          inFlight -= 1;
        });
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => proxy.close(r));
  await sim.stop();
});
beforeEach(() => {
  sim.clearLog();
  maxInFlight = 0;
});

const login = { ISE_USERNAME: DUO_ENV.ISE_USERNAME, ISE_PASSWORD: DUO_ENV.ISE_PASSWORD };

test.each([
  [[], 8],
  [['--max-in-flight', '3'], 3],
])('export %j: at most %i requests in flight, N detail GETs plus a fixed few', async (flags, bound) => {
  const r = await runCli(['export', '--ise-url', proxyUrl, ...flags], login, tempDir());
  expect(r.code).toBe(0);
  expect(r.stdout.match(/- name: conn-\d+/g)).toHaveLength(N);
  expect(maxInFlight).toBeGreaterThan(1);
  expect(maxInFlight).toBeLessThanOrEqual(bound);
  const log = sim.requestLog();
  expect(log.filter((q) => /^\/api\/v1\/duo-mfa\/mfa\/conn-\d+$/.test(q.path))).toHaveLength(N);
  // Plus the MFA rules: one policy-set list per service, one rule list per policy set (each holds whole rules).
  const { policy } = sim.snapshot();
  const policyReads = 2 + policy.deviceAdmin.policySets.length + policy.networkAccess.policySets.length;
  expect(log.filter((q) => q.path.startsWith('/api/v1/policy/'))).toHaveLength(policyReads);
  expect(log.length).toBeLessThanOrEqual(N + 6 + policyReads);
});

test('export --max-in-flight 0 is a usage error before any request', async () => {
  const r = await runCli(['export', '--ise-url', proxyUrl, '--max-in-flight', '0'], login, tempDir());
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/--max-in-flight.*at least 1/);
  expect(sim.requestLog()).toEqual([]);
});

test('the loader builds one scrubber for all its messages, however many there are', () => {
  const spy = jest.spyOn(scrubber, 'createScrubber');
  const lines = ['version: 1', 'duoConnections:'];
  for (let i = 0; i < 40; i++) lines.push(`  - { name: c${i}, identitySync: missing, types: [VPN] }`);
  const result = parseDesiredState(`${lines.join('\n')}\n`, 'many.yaml', {});
  expect(result.ok).toBe(false);
  expect(!result.ok && result.issues.length).toBeGreaterThan(40);
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();
});
