/**
 * The live reader's MFA-rule part with a stub client: which calls it makes in which round, what it assumes
 * while MFA is off, the one-line refusal of an ISE without the MFA-rule API, and the read-only look at the
 * other policy sets' tables only when a connection may be deleted.
 */
import type { IseClient } from '../../../src/client/types';
import type { WireRuleMfa } from '../../../src/client/wire-policy';
import { ApiError } from '../../../src/errors';
import { readLiveState, scopeFor } from '../../../src/live/read-live-state';
import type { PolicyService } from '../../../src/model/state';
import { aDesired } from '../../helpers/builders';
import { aRule, routers, wireRule } from '../../helpers/rule-builders';

const SETS: Record<PolicyService, Array<{ id: string; name: string }>> = {
  deviceAdmin: [
    { id: 'ps-routers', name: 'Routers' },
    { id: 'ps-switches', name: 'Switches' },
  ],
  networkAccess: [{ id: 'ps-vpn', name: 'VPN Users' }],
};

function stubClient(opts: {
  mfa: boolean;
  rules?: Record<string, WireRuleMfa[]>;
  noRuleApi?: boolean;
  forbidden?: boolean;
}) {
  const calls: string[] = [];
  const logged =
    <A extends unknown[], R>(label: (...args: A) => string, answer: (...args: A) => R) =>
    async (...args: A): Promise<R> => {
      calls.push(label(...args));
      return answer(...args);
    };
  const client = {
    getMfaStatus: logged(
      () => 'status',
      () => opts.mfa,
    ),
    listDuoConnections: logged(
      () => 'connections',
      () => [{ name: 'corp-duo' }, { name: 'old-duo' }],
    ),
    getDuoConnection: logged(
      (name: string) => `connection ${name}`,
      (name: string) => ({ connectionName: name, type: 'TACACS,VPN' }),
    ),
    listIdentitySyncs: logged(
      () => 'syncs',
      () => [],
    ),
    listActiveDirectories: logged(
      () => 'ads',
      () => [],
    ),
    listPolicySets: logged(
      (service: PolicyService) => `sets ${service}`,
      (service: PolicyService) => SETS[service],
    ),
    getLibraryCondition: logged(
      (service: PolicyService, name: string) => `library ${service} ${name}`,
      (_service: PolicyService, name: string) => (name === 'Network-Admins' ? { id: 'lib-1', name } : null),
    ),
    listMfaRules: async (_service: PolicyService, id: string) => {
      calls.push(`rules ${id}`);
      if (!opts.mfa || opts.forbidden)
        throw new ApiError({ kind: 'http', method: 'GET', path: '/x', status: 403 }, 'forbidden');
      if (opts.noRuleApi)
        throw new ApiError({ kind: 'http', method: 'GET', path: '/x', status: 404 }, 'not found');
      return opts.rules?.[id] ?? [];
    },
  };
  return { client: client as unknown as IseClient, calls };
}

const desired = (prune = false) =>
  aDesired({
    identitySyncs: [],
    mfaPolicies: [routers([aRule('a', { condition: { library: 'Network-Admins' } }), aRule('b')])],
    prune,
  });

test('reads the policy-set list and the library names with the status, then one table per named set', async () => {
  const { client, calls } = stubClient({
    mfa: true,
    rules: { 'ps-routers': [wireRule('b', 1), wireRule('a', 0)] },
  });
  const live = await readLiveState(client, scopeFor(desired()));
  expect(calls.slice(0, 3).sort()).toEqual([
    'library deviceAdmin Network-Admins',
    'sets deviceAdmin',
    'status',
  ]);
  expect(calls).toContain('rules ps-routers');
  expect(calls).not.toContain('rules ps-switches');
  expect(calls.filter((c) => c.startsWith('sets'))).toEqual(['sets deviceAdmin']);
  expect(live.policySetIds['deviceAdmin/Routers']).toBe('ps-routers');
  expect(live.libraryConditionIds).toEqual({ 'deviceAdmin/Network-Admins': 'lib-1' });
  expect(live.mfaPolicies[0].rules.map((r) => r.name)).toEqual(['a', 'b']);
  expect(Object.keys(live.fingerprints)).toEqual(
    expect.arrayContaining([
      'mfa-rule/deviceAdmin/Routers/a',
      'mfa-rule/deviceAdmin/Routers/b',
      'mfa-policy/deviceAdmin/Routers',
    ]),
  );
  expect(live.otherMfaPolicies).toEqual([]);
});

test('while MFA is off no rule is read or assumed, but the policy sets are known', async () => {
  const { client, calls } = stubClient({ mfa: false });
  const live = await readLiveState(client, scopeFor(desired()));
  expect(calls.some((c) => c.startsWith('rules'))).toBe(false);
  expect(live.mfaPolicies).toEqual([]);
  expect(live.policySetIds['deviceAdmin/Routers']).toBe('ps-routers');
});

test('a 404 on the MFA-rule list: one line saying this ISE has no MFA-rule API', async () => {
  const { client } = stubClient({ mfa: true, noRuleApi: true });
  await expect(readLiveState(client, scopeFor(desired()))).rejects.toThrow(
    /^this ISE has no MFA-rule API \(GET \/api\/v1\/policy\/device-admin\/policy-set\/\{id\}\/mfa answered 404\)[^\n]*$/,
  );
});

test('a file without mfaPolicies reads no policy endpoint at all', async () => {
  const { client, calls } = stubClient({ mfa: true });
  await readLiveState(client, scopeFor(aDesired({ identitySyncs: [] })));
  expect(calls.filter((c) => /^(sets|rules|library)/.test(c))).toEqual([]);
});

test('only when a connection may be deleted: every other table of both services, read-only', async () => {
  const { client, calls } = stubClient({
    mfa: true,
    rules: { 'ps-vpn': [wireRule('vpn', 0, { mfa: { mfaConnectionName: 'old-duo' } })] },
  });
  const kept = await readLiveState(client, scopeFor(desired(false)));
  expect(kept.otherMfaPolicies).toEqual([]);
  calls.length = 0;
  const live = await readLiveState(client, scopeFor(desired(true)));
  expect(calls).toEqual(expect.arrayContaining(['sets networkAccess', 'rules ps-switches', 'rules ps-vpn']));
  expect(live.otherMfaPolicies.map((p) => `${p.service}/${p.policySet}`).sort()).toEqual([
    'deviceAdmin/Switches',
    'networkAccess/VPN Users',
  ]);
  expect(live.otherMfaPolicies.find((p) => p.policySet === 'VPN Users')!.rules[0].connection).toBe('old-duo');
});

test('and when a connection the file keeps loses a type ISE has (a rule elsewhere may rely on it)', async () => {
  const { client, calls } = stubClient({ mfa: true });
  const same = aDesired({ identitySyncs: [], mfaPolicies: desired().mfaPolicies });
  await readLiveState(client, scopeFor(same));
  expect(calls).not.toContain('rules ps-vpn');
  calls.length = 0;
  const vpnOnly = {
    ...same,
    duoConnections: same.duoConnections.map((c) => ({ ...c, types: ['VPN' as const] })),
  };
  const live = await readLiveState(client, scopeFor(vpnOnly));
  expect(calls).toEqual(expect.arrayContaining(['sets networkAccess', 'rules ps-switches', 'rules ps-vpn']));
  expect(live.otherMfaPolicies).toHaveLength(2);
});

test('a 403 on the rules while the status says MFA is on is an error, not an empty table', async () => {
  const { client } = stubClient({ mfa: true, forbidden: true });
  await expect(readLiveState(client, scopeFor(desired()))).rejects.toThrow(ApiError);
});
