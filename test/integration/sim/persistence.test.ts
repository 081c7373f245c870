/**
 * The state file and the seed file: state survives a restart, is written atomically (no temp files left),
 * and a corrupt state file or bad seed stops the start with the file and the reason (never a silent reset).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors';
import { startSimulator } from '../../../src/sim/index';
import { client, IDS, MFA, seedObjects, startTestSim, waitFor } from './helpers';

const dir = () => mkdtempSync(join(tmpdir(), 'ise-duo-sim-state-'));

describe('state file', () => {
  it('keeps objects and the feature switch across a restart', async () => {
    const statePath = join(dir(), 'sim.json');
    const first = await startTestSim({ statePath, secrets: 'clear' });
    await seedObjects(client(first));
    const before = first.snapshot();
    await first.stop();
    const second = await startTestSim({ statePath, secrets: 'clear' });
    try {
      expect(second.snapshot()).toEqual(before);
      const res = await client(second).get(`${MFA}/mfa/corp-duo`);
      expect(res.data.response.mfa).toEqual(before.connections[0]);
    } finally {
      await second.stop();
    }
  });

  it('writes atomically after every change: the file is always whole, no temp file is left behind', async () => {
    const folder = dir();
    const statePath = join(folder, 'sim.json');
    const sim = await startTestSim({ statePath });
    try {
      const http = client(sim);
      await seedObjects(http);
      expect(JSON.parse(readFileSync(statePath, 'utf8')).connections).toHaveLength(1);
      await http.delete(`${MFA}/mfa/corp-duo`);
      expect(JSON.parse(readFileSync(statePath, 'utf8')).connections).toHaveLength(0);
      expect(readdirSync(folder)).toEqual(['sim.json']);
      // Owner-only: the file holds Duo secret keys in the clear.
      expect(statSync(statePath).mode & 0o077).toBe(0);
    } finally {
      await sim.stop();
    }
    expect(readdirSync(folder)).toEqual(['sim.json']);
  });

  it('finishes a sync run that was in flight when the simulator stopped', async () => {
    const statePath = join(dir(), 'sim.json');
    const first = await startTestSim({ statePath, syncDelayMs: 5000 });
    await seedObjects(client(first));
    await client(first).get(`${IDS}/identitysync/sync/corp-sync`);
    await first.stop();
    expect(JSON.parse(readFileSync(statePath, 'utf8')).syncs[0].syncStatus).toBe('Pending');
    const second = await startTestSim({ statePath, syncDelayMs: 30 });
    try {
      await waitFor(async () => second.snapshot().syncs[0].syncStatus === 'Success');
    } finally {
      await second.stop();
    }
  });

  it('refuses a state file in a folder that does not exist', async () => {
    const statePath = join(dir(), 'missing', 'sim.json');
    await expect(startTestSim({ statePath })).rejects.toThrow(
      /state file .*sim\.json: cannot be written .*ENOENT/,
    );
  });

  it('resets to the seed, and saves that', async () => {
    const statePath = join(dir(), 'sim.json');
    const sim = await startTestSim({ statePath });
    try {
      await seedObjects(client(sim));
      sim.reset();
      expect(JSON.parse(readFileSync(statePath, 'utf8'))).toMatchObject({
        mfaEnabled: false,
        connections: [],
        syncs: [],
      });
    } finally {
      await sim.stop();
    }
  });

  it.each([
    ['not JSON', '{"format": "ise-duo-sim-state", ', /not valid JSON/],
    ['an empty file', '', /not valid JSON/],
    ['another format', '{"hello": "world"}', /not an ise-duo simulator state file/],
    [
      'a bad list',
      '{"format":"ise-duo-sim-state","version":1,"mfaEnabled":true,"connections":{},"syncs":[]}',
      /connections must be an array/,
    ],
    [
      'an object the API would refuse',
      '{"format":"ise-duo-sim-state","version":1,"mfaEnabled":true,"syncs":[],"connections":[{"connectionName":"c","identitySync":"gone"}]}',
      /connections\[0\]: Identity sync "gone" does not exist/,
    ],
  ])(
    'refuses to start on a state file with %s, naming the file and the problem',
    async (_label, text, reason) => {
      const statePath = join(dir(), 'broken.json');
      writeFileSync(statePath, text);
      const start = startTestSim({ statePath });
      await expect(start).rejects.toThrow(UsageError);
      await expect(start).rejects.toThrow(
        new RegExp(`state file ${statePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
      );
      await expect(start).rejects.toThrow(reason);
      expect(readFileSync(statePath, 'utf8')).toBe(text);
    },
  );
});

describe('seed', () => {
  const seedFile = (text: string) => {
    const file = join(dir(), 'seed.yaml');
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['YAML that does not parse', 'activeDirectories: [\n', /seed\.yaml: /],
    ['an unknown key', 'activeDirectory: []\n', /unknown key\(s\) activeDirectory/],
    [
      'a join point without directoryID',
      'activeDirectories:\n  - { name: A, domain: a.com }\n',
      /activeDirectories\[0\]\.directoryID must be a non-empty string/,
    ],
    [
      'duplicate join points',
      'activeDirectories:\n  - { name: A, directoryID: "1", domain: a }\n  - { name: A, directoryID: "2", domain: b }\n',
      /duplicate "A"/,
    ],
    [
      'a string for mfaEnabled',
      'activeDirectories: []\nmfaEnabled: "yes"\n',
      /mfaEnabled must be true or false/,
    ],
    [
      'a connection using an unknown sync',
      'activeDirectories: []\nduoConnections:\n  - { connectionName: c, identitySync: s }\n',
      /duoConnections\[0\]: Identity sync "s" does not exist/,
    ],
  ])('refuses a seed file with %s, naming the file', async (_label, text, reason) => {
    const file = seedFile(text);
    const start = startSimulator({ seed: file });
    await expect(start).rejects.toThrow(UsageError);
    await expect(start).rejects.toThrow(file);
    await expect(start).rejects.toThrow(reason);
  });

  it('refuses a missing seed file', async () => {
    await expect(startSimulator({ seed: '/nonexistent/seed.yaml' })).rejects.toThrow(
      /seed \/nonexistent\/seed\.yaml: cannot be read \(file not found\)/,
    );
  });

  it('accepts a seed object with brownfield objects, keeping their server-owned fields', async () => {
    const sim = await startTestSim({
      seed: {
        activeDirectories: [
          {
            name: 'AD1',
            directoryID: 'id-1',
            domain: 'one.test',
            groups: [{ name: 'one.test/G', sid: 'S-1' }],
          },
        ],
        mfaEnabled: true,
        rejectedKeys: [],
        identitySyncs: [
          {
            syncName: 'old',
            configurations: { activeDirectories: [{ name: 'AD1' }] },
            adGroups: [{ name: 'one.test/G', source: 'AD1' }],
            lastSync: '2024-01-01T00:00:00',
            syncStatus: 'Failed',
          },
        ],
        duoConnections: [{ connectionName: 'legacy', identitySync: 'old', type: 'TACACS' }],
      },
    });
    try {
      const list = (await client(sim).get(`${IDS}/identitysync`)).data.response;
      expect(list).toEqual([
        {
          name: 'old',
          source: 'ActiveDirectory',
          destination: 'legacy',
          adGroups: 1,
          lastSync: '2024-01-01T00:00:00',
          syncStatus: 'Failed',
        },
      ]);
      expect(sim.snapshot().syncs[0].adGroups).toEqual([{ name: 'one.test/G', source: 'AD1', sid: 'S-1' }]);
    } finally {
      await sim.stop();
    }
  });

  it('ships a default seed with the join points the README uses', async () => {
    const sim = await startTestSim({ mfaEnabled: true });
    try {
      const names = (await client(sim).get(`${IDS}/activedirectories`)).data.map(
        (d: { name: string }) => d.name,
      );
      expect(names).toEqual(['CORP_AD', 'LAB_AD']);
    } finally {
      await sim.stop();
    }
  });
});

describe('options', () => {
  it.each([
    [{ host: '0.0.0.0' }, /loopback addresses only/],
    [{ host: '192.168.1.10' }, /loopback addresses only/],
    [{ port: 70000 }, /Invalid port/],
    [{ syncDelayMs: -1 }, /Invalid sync delay/],
    [{ secrets: 'plain' as never }, /Invalid secrets mode/],
  ])('refuses %j', async (options, message) => {
    await expect(startSimulator(options)).rejects.toThrow(message);
  });

  it('reports a port already in use as a usage error', async () => {
    const sim = await startTestSim();
    try {
      await expect(startTestSim({ port: sim.port })).rejects.toThrow(
        /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/,
      );
    } finally {
      await sim.stop();
    }
  });
});
