/**
 * Shared pieces of the simulator's tests: a simulator on an ephemeral loopback port with a short sync delay,
 * an axios client that never throws on a status (tests assert statuses), and valid request bodies for the
 * default seed (`seeds/default.yaml`).
 */
import axios, { type AxiosInstance } from 'axios';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../../src/sim/index';

export const MFA = '/api/v1/duo-mfa';
export const IDS = '/api/v1/duo-identitysync';
export const AUTH = { username: 'admin', password: 'sim-test-password' };
export const CORP_AD = {
  name: 'CORP_AD',
  directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6',
  domain: 'corp.example.com',
};
export const VPN_USERS = 'corp.example.com/Users/VPN Users';
export const VPN_USERS_SID = 'S-1-5-21-1004336348-1177238915-682003330-1105';
export const KEYS = {
  apiHostName: 'api-1a2b3c4d.duosecurity.com',
  adminApi: { ikey: 'DIADMIN0000000000001', sKey: 'admin-secret-0000000000000000000000000001' },
  authenticationApi: { ikey: 'DIAUTH00000000000001', sKey: 'auth-secret-00000000000000000000000000001' },
};

export function startTestSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ password: AUTH.password, syncDelayMs: 60, ...options });
}

export function client(
  sim: RunningSimulator,
  auth: { username: string; password: string } | null = AUTH,
): AxiosInstance {
  return axios.create({
    baseURL: sim.url,
    ...(auth ? { auth } : {}),
    validateStatus: () => true,
    proxy: false,
    timeout: 5000,
  });
}

export function syncBody(syncName: string, extra: Record<string, unknown> = {}) {
  return {
    identitySync: {
      syncName,
      configurations: { activeDirectories: [{ ...CORP_AD }] },
      adGroups: [{ name: VPN_USERS, source: 'CORP_AD' }],
      syncSchedule: { schedulerSync: 'none' },
      ...extra,
    },
  };
}

export function connectionBody(
  connectionName: string,
  identitySync: string,
  extra: Record<string, unknown> = {},
) {
  return {
    mfa: {
      connectionName,
      description: 'Duo for VPN',
      identitySync,
      type: 'VPN,TACACS',
      accountConfigurations: structuredClone(KEYS),
      ...extra,
    },
  };
}

/** Enables MFA, then creates a sync and a connection that uses it. */
export async function seedObjects(http: AxiosInstance, sync = 'corp-sync', conn = 'corp-duo'): Promise<void> {
  const results = [
    await http.put(`${MFA}/enable`, { mfa: { status: true } }),
    await http.post(`${IDS}/identitysync`, syncBody(sync)),
    await http.post(`${MFA}/mfa`, connectionBody(conn, sync)),
  ];
  const failed = results.filter((r) => r.status !== 200);
  if (failed.length) throw new Error(`setup failed: ${failed.map((r) => JSON.stringify(r.data))}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** The spec's Error body, with the message matched loosely. */
export const errorBody = (code: number, text: string | RegExp) => ({
  code: String(code),
  message: expect.stringMatching(text),
});

/**
 * One simulator per test file, reset to the seed plus one sync and one connection before each test. Returns
 * getters, because the simulator starts in beforeAll.
 */
export function useSeededSim(options: SimulatorOptions = {}): {
  sim(): RunningSimulator;
  http(): AxiosInstance;
} {
  let sim: RunningSimulator;
  let http: AxiosInstance;
  beforeAll(async () => {
    sim = await startTestSim(options);
    http = client(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    sim.reset();
    await seedObjects(http);
  });
  return { sim: () => sim, http: () => http };
}
