/**
 * ISE answers that contradict each other. A 403 on the lists while the status says MFA is on is an error
 * naming the API role, never "nothing exists". A name listed twice, or a get-by-name answered with another
 * case of the name, gives a plan note and never a delete (prune) of that kind.
 */
import type { IseClient } from '../../../src/client/types';
import { ApiError } from '../../../src/errors';
import { readLiveState, scopeFor } from '../../../src/live/read-live-state';
import { buildPlan } from '../../../src/planner/build-plan';
import { aConnection, aDesired, wireConnection } from '../../helpers/builders';

const forbidden = (path: string) =>
  new ApiError({ kind: 'http', method: 'GET', path, status: 403 }, `GET ${path} failed: 403 Forbidden`);

/** A fake ISE: the given methods, and an empty answer for every other read. */
function fakeIse(methods: Record<string, (...args: never[]) => unknown>): IseClient {
  return new Proxy({ readOnly: true } as Record<string, unknown>, {
    get: (target, p: string) =>
      p in methods ? async (...a: never[]) => methods[p]!(...a) : p in target ? target[p] : async () => [],
  }) as unknown as IseClient;
}

const summary = (name: string) => ({ name, type: 'VPN', apiHostName: 'api-1a2b3c4d.duosecurity.com' });

describe('403 on the lists', () => {
  test('while the status says MFA is on: an error that names the API role', async () => {
    const ise = fakeIse({
      getMfaStatus: () => true,
      listDuoConnections: () => {
        throw forbidden('/api/v1/duo-mfa/mfa');
      },
    });
    const err = await readLiveState(ise, scopeFor(aDesired())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(
      /GET \/api\/v1\/duo-mfa\/mfa answered 403 although ISE reports the Duo MFA feature on: the ISE account lacks the API role/,
    );
    expect((err as ApiError).details.explanation).toMatch(/ERS Admin/);
  });

  test('when the feature was switched off meanwhile (asked again): nothing exists, as before', async () => {
    let status = true;
    const ise = fakeIse({
      getMfaStatus: () => {
        const now = status;
        status = false;
        return now;
      },
      listDuoConnections: () => {
        throw forbidden('/api/v1/duo-mfa/mfa');
      },
    });
    const live = await readLiveState(ise, scopeFor(aDesired()));
    expect(live).toMatchObject({ objectsReadable: false, duoConnections: [] });
  });
});

describe('names that contradict each other', () => {
  const desired = aDesired({
    identitySyncs: [],
    duoConnections: [aConnection('corp-duo', { identitySync: '' })],
    prune: true,
  });
  const plan = async (ise: IseClient) =>
    buildPlan(desired, await readLiveState(ise, scopeFor(desired)), {
      target: 'https://ise',
      desiredFile: 's.yaml',
    });

  test('a name listed twice: a note, and the extra connection is not pruned', async () => {
    const p = await plan(
      fakeIse({
        getMfaStatus: () => true,
        listDuoConnections: () => [summary('corp-duo'), summary('corp-duo'), summary('other')],
        getDuoConnection: (name: string) =>
          wireConnection(desired.duoConnections[0]!, 'masked', undefined, { connectionName: name }),
      }),
    );
    expect(p.notes.join('\n')).toContain('ISE listed duo-connection "corp-duo" twice');
    expect(p.changes.filter((c) => c.action === 'delete')).toEqual([]);
    expect(p.unmanaged).toContainEqual({ kind: 'duo-connection', name: 'other' });
  });

  test('get-by-name answering another case of the name: a note, and nothing pruned', async () => {
    const p = await plan(
      fakeIse({
        getMfaStatus: () => true,
        listDuoConnections: () => [summary('corp-duo')],
        getDuoConnection: () =>
          wireConnection(desired.duoConnections[0]!, 'masked', undefined, { connectionName: 'Corp-Duo' }),
      }),
    );
    expect(p.notes.join('\n')).toContain('ISE answered a read of duo-connection "corp-duo" with "Corp-Duo"');
    expect(p.changes.filter((c) => c.action === 'delete')).toEqual([]);
  });

  // Audit of 2026-12-02: " corp-duo" was trimmed into the file's "corp-duo", read from its list summary only,
  // and planned as an update that could never succeed (PUT /mfa/corp-duo answered 404).
  test("a name ISE spells with white space at an end is another name: the file's is created", async () => {
    const calls: string[] = [];
    const p = await plan(
      fakeIse({
        getMfaStatus: () => true,
        listDuoConnections: () => [summary(' corp-duo')],
        getDuoConnection: (name: string) => {
          calls.push(name);
          return wireConnection(desired.duoConnections[0]!, 'masked', undefined, { connectionName: name });
        },
      }),
    );
    expect(calls).toEqual([]);
    // The file prunes: ISE's own " corp-duo" is an object it does not name.
    expect(p.changes.map((c) => `${c.action} "${c.name}"`)).toEqual([
      'create "corp-duo"',
      'delete " corp-duo"',
    ]);
    expect(p.notes.join('\n')).not.toMatch(/twice/);
  });

  test('honest answers: no note, and prune deletes the extra connection', async () => {
    const p = await plan(
      fakeIse({
        getMfaStatus: () => true,
        listDuoConnections: () => [summary('corp-duo'), summary('other')],
        getDuoConnection: (name: string) =>
          wireConnection(desired.duoConnections[0]!, 'masked', undefined, { connectionName: name }),
      }),
    );
    expect(p.notes.join('\n')).not.toMatch(/contradict/);
    expect(p.changes.map((c) => `${c.action} ${c.name}`)).toContain('delete other');
  });
});
