/**
 * The live reader's blanking of ISE values that hold a known secret (audit finding 4): which values count,
 * what is left alone, where the secrets come from, and that it costs the reader no request.
 */
import type { IseClient } from '../../../src/client/types';
import type { WireMfaConnection } from '../../../src/client/wire-types';
import { redactHeld } from '../../../src/live/held-secrets';
import { prefetching } from '../../../src/live/prefetch';
import { readLiveState } from '../../../src/live/read-live-state';
import { SCRUBBED } from '../../../src/model/scrubber';
import { Secret } from '../../../src/model/secret';
import { heldSecrets } from '../../../src/model/secret-matcher';
import { aConnection, KEYS, wireConnection } from '../../helpers/builders';

const KEY = 'CANARYSKEY1234567890abcdefABCDEF0123456789';

describe('which values hold a secret', () => {
  const check = heldSecrets([KEY, 'pw12', 'abc']);

  test('a value containing a secret, in any ASCII case', () => {
    expect(check.holds(KEY)).toBe(true);
    expect(check.holds(KEY.toLowerCase())).toBe(true);
    expect(check.holds(`Duo for VPN ${KEY.toUpperCase()} (old)`)).toBe(true);
  });

  test('a piece of one, or a short one inside a word, is ordinary text', () => {
    expect(check.holds(KEY.slice(0, -1))).toBe(false);
    expect(check.holds('pw123 and pw12x')).toBe(false);
    expect(check.holds('PW12')).toBe(true);
    // Shorter than the scrubber's shortest value: never looked for.
    expect(check.holds('abc')).toBe(false);
  });

  test('a message keeps its words and loses the secret, a short one only as a quoted name', () => {
    expect(check.hide(`ISE answered a read of duo-connection "corp-duo" with "${KEY}"`)).toBe(
      `ISE answered a read of duo-connection "corp-duo" with "${SCRUBBED}"`,
    );
    expect(check.hide('ISE listed identity-sync "PW12" twice (pw12x)')).toBe(
      `ISE listed identity-sync "${SCRUBBED}" twice (pw12x)`,
    );
  });
});

test('strings are replaced whole, fingerprints are left alone, and unchanged objects are not copied', () => {
  const conn = aConnection('corp-duo', { description: `key ${KEY}`, types: ['VPN', KEY as 'VPN'] });
  const untouched = aConnection('lab-duo');
  const state = { duoConnections: [conn, untouched], fingerprints: { 'duo-connection/x': KEY } };
  const out = redactHeld(state, heldSecrets([KEY, conn.adminIkeyFingerprint]));
  expect(out.duoConnections[0]).toEqual({ ...conn, description: SCRUBBED, types: ['VPN', SCRUBBED] });
  expect(out.duoConnections[1]).toBe(untouched);
  expect(out.fingerprints).toBe(state.fingerprints);
  expect(conn.description).toBe(`key ${KEY}`);
});

/** A fake ISE with one connection (and no syncs), whose answers are `wire`. */
function fakeIse(wire: WireMfaConnection[], known: string[] = []): { client: IseClient; calls: string[] } {
  const calls: string[] = [];
  const client = {
    readOnly: true,
    knownSecrets: async () => known.map((v) => new Secret(v)),
    getMfaStatus: async () => {
      calls.push('getMfaStatus');
      return true;
    },
    listDuoConnections: async () => {
      calls.push('listDuoConnections');
      return wire.map((w) => ({ name: w.connectionName, type: w.type }));
    },
    listIdentitySyncs: async () => [],
    getDuoConnection: async (name: string) => {
      calls.push(`getDuoConnection ${name}`);
      return wire.find((w) => w.connectionName === name)!;
    },
  } as unknown as IseClient;
  return { client, calls };
}

const scope = (names: string[]) => ({ identitySyncs: [], duoConnections: names, activeDirectories: false });

test("the client's secrets are blanked, and the stale-plan fingerprint is of what is left", async () => {
  const conn = aConnection('corp-duo', { description: 'Pw-1234-known' });
  const { client } = fakeIse([wireConnection(conn)], ['Pw-1234-known']);
  const live = await readLiveState(client, scope(['corp-duo']));
  expect(live.duoConnections[0]).toMatchObject({ description: SCRUBBED });
  const plain = await readLiveState(
    fakeIse([wireConnection({ ...conn, description: SCRUBBED })]).client,
    scope(['corp-duo']),
  );
  expect(live.fingerprints['duo-connection/corp-duo']).toBe(plain.fingerprints['duo-connection/corp-duo']);
});

test("a key ISE returns in clear for one connection is blanked in another's fields, whichever came first", async () => {
  const lab = aConnection('lab-duo', { description: `copy of ${KEYS.authSkey}` });
  const corp = aConnection('corp-duo');
  const { client } = fakeIse([wireConnection(lab, 'masked'), wireConnection(corp, 'clear')]);
  const live = await readLiveState(client, scope(['lab-duo', 'corp-duo']));
  expect(live.duoConnections.find((c) => c.name === 'lab-duo')?.description).toBe(SCRUBBED);
  // The key fingerprints are what ISE's clear keys give, as before.
  expect(live.duoConnections.find((c) => c.name === 'corp-duo')?.secretKeysFingerprint).toBe(
    corp.secretKeysFingerprint,
  );
});

test('asking for the secrets leaves prefetched answers standing for what follows the read', async () => {
  // After an apply, the reader's client answers a sync run's first status read from the same requests.
  const { client, calls } = fakeIse([wireConnection(aConnection('corp-duo'))], ['Pw-1234-known']);
  const ahead = prefetching(client, [
    { method: 'getMfaStatus' },
    { method: 'listDuoConnections' },
    { method: 'getDuoConnection', args: ['corp-duo'] },
  ]);
  await readLiveState(ahead, scope(['corp-duo']));
  await ahead.getMfaStatus();
  await ahead.getDuoConnection('corp-duo');
  expect(calls).toEqual(['getMfaStatus', 'listDuoConnections', 'getDuoConnection corp-duo']);
});
