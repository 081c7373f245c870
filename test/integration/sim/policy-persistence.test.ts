/**
 * The policy data in the state file, the snapshot (`GET /_sim/state`) and reset: MFA rules survive a restart
 * with their ids and ranks, a state file whose rules the API would refuse stops the start, and a state file
 * written before the policy routes existed takes its policy data from the seed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, seedObjects, startTestSim } from './helpers';
import { createRules, DA, defaultSeed, policySetId, ruleBody, table } from './policy-helpers';

const dir = () => mkdtempSync(join(tmpdir(), 'ise-duo-sim-policy-'));

describe('state file, snapshot and reset', () => {
  it('keep the MFA rules (ids, ranks, the Default rule) across a restart', async () => {
    const statePath = join(dir(), 'sim.json');
    const seed = defaultSeed({ defaultMfaRule: true });
    const first = await startTestSim({ statePath, seed });
    const http = client(first);
    await seedObjects(http);
    const mfa = `${DA}/policy-set/${await policySetId(http, DA, 'Routers')}/mfa`;
    await createRules(http, mfa, ['a', 'b']);
    await http.post(mfa, ruleBody('c', { rank: 0 }));
    const before = { list: (await http.get(mfa)).data, snapshot: first.snapshot() };
    await first.stop();
    expect(
      JSON.parse(readFileSync(statePath, 'utf8')).policy.deviceAdmin.policySets[0].mfaRules,
    ).toHaveLength(4);
    const second = await startTestSim({ statePath, seed });
    try {
      expect(second.snapshot()).toEqual(before.snapshot);
      expect((await client(second).get(mfa)).data).toEqual(
        JSON.parse(JSON.stringify(before.list).replaceAll(`:${first.port}/`, `:${second.port}/`)),
      );
      expect(await table(client(second), mfa)).toEqual(['0:c', '1:a', '2:b', '3:Default']);
      second.reset();
      expect(second.snapshot().policy.deviceAdmin.policySets[0].mfaRules.map((r) => r.rule?.name)).toEqual([
        'Default',
      ]);
      expect(
        JSON.parse(readFileSync(statePath, 'utf8')).policy.deviceAdmin.policySets[0].mfaRules,
      ).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('refuses a state file whose rule names a missing connection, naming the rule', async () => {
    const statePath = join(dir(), 'sim.json');
    const first = await startTestSim({ statePath });
    await seedObjects(client(first));
    const mfa = `${DA}/policy-set/${await policySetId(client(first), DA, 'Routers')}/mfa`;
    await createRules(client(first), mfa, ['a']);
    await first.stop();
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    state.connections = [];
    writeFileSync(statePath, JSON.stringify(state));
    await expect(startTestSim({ statePath })).rejects.toThrow(
      /state file .*sim\.json: policy\.deviceAdmin\.policySets\[0\]\.mfaRules\[0\]: mfaConnectionName, no Duo connection/,
    );
  });

  it('reads a state file from before the policy routes, taking the policy data from the seed', async () => {
    const statePath = join(dir(), 'old.json');
    writeFileSync(
      statePath,
      JSON.stringify({
        format: 'ise-duo-sim-state',
        version: 1,
        mfaEnabled: true,
        connections: [],
        syncs: [],
      }),
    );
    const sim = await startTestSim({ statePath });
    try {
      expect(await policySetId(client(sim), DA, 'Switches')).toEqual(expect.any(String));
      expect(JSON.parse(readFileSync(statePath, 'utf8')).policy.networkAccess.libraryConditions).toHaveLength(
        3,
      );
    } finally {
      await sim.stop();
    }
  });

  it('shows the policy data in GET /_sim/state', async () => {
    const sim = await startTestSim();
    try {
      const state = (await client(sim, null).get('/_sim/state')).data;
      expect(state.defaultMfaRule).toBe(false);
      expect(state.policy.networkAccess.policySets.map((s: { name: string }) => s.name)).toEqual([
        'VPN Users',
        'Default',
      ]);
    } finally {
      await sim.stop();
    }
  });
});
