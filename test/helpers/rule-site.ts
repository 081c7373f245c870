/**
 * What the MFA-rule integration tests share: a simulator over the default seed with some of ISE's other
 * answers switched on, and the head of a desired-state file (MFA on, one sync, the connection `corp-duo`,
 * and the rules of the policy set `Routers` opened) that their rules follow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import type { SimSeed } from '../../src/sim/types';
import { DUO_ENV } from './harness';

const SEED = parse(readFileSync(join(__dirname, '../../seeds/default.yaml'), 'utf8')) as SimSeed;

/** A simulator on a free loopback port over the default seed plus `answers`, logging in as DUO_ENV does. */
export function startRulesSimulator(answers: Partial<SimSeed> = {}): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    username: DUO_ENV.ISE_USERNAME,
    password: DUO_ENV.ISE_PASSWORD,
    seed: { ...SEED, ...answers },
  });
}

/** An attribute test on the device type, as a flow mapping. */
export const device = (type: string) =>
  `{ dictionary: DEVICE, attribute: Device Type, operator: equals, value: "All Device Types#${type}" }`;

/**
 * The file up to the rules of the Device Admin policy set `Routers`: MFA on, the sync `corp-ad` (never run),
 * the connection `corp-duo`, then `mfaPolicies` opening that set's `rules:`.
 */
export const RULES_SITE_HEAD = [
  'version: 1',
  'ise: { username: "${env:ISE_USERNAME}", password: "${env:ISE_PASSWORD}" }',
  'mfa: { enabled: true }',
  'identitySyncs:',
  '  - { name: corp-ad, activeDirectories: [CORP_AD], adGroups: [{ source: CORP_AD, name: "corp.example.com/Users/Network Admins" }], runSync: never }',
  'duoConnections:',
  '  - name: corp-duo',
  '    identitySync: corp-ad',
  '    types: [VPN, TACACS]',
  '    apiHostName: api-1a2b3c4d.duosecurity.com',
  '    adminApi: { ikey: "${env:DUO_ADMIN_IKEY}", skey: "${env:DUO_ADMIN_SKEY}" }',
  '    authApi: { ikey: "${env:DUO_AUTH_IKEY}", skey: "${env:DUO_AUTH_SKEY}" }',
  'mfaPolicies:',
  '  - service: deviceAdmin',
  '    policySet: Routers',
  '    rules:',
];
