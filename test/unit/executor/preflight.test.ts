/**
 * The executor runs each kind's pre-flight (resource-spec.ts `preflight`) without naming a kind: which
 * changes are tested (connections created, or with new keys or host; not a description edit, not a delete),
 * one refusal sentence for every object the test refused, in plan order, and a test that got no answer
 * thrown rather than taken for a pass.
 */
import type { IseClient } from '../../../src/client/types';
import { changesToPreflight, preflightRefusal } from '../../../src/executor/apply-with-key-check';
import type { Change } from '../../../src/model/plan';

const connection = (name: string, action: 'create' | 'update' | 'delete', fields: string[] = []) =>
  ({
    kind: 'duo-connection',
    action,
    name,
    fields: fields.map((field) => ({ field, before: 'a', after: 'b' })),
    ...(action === 'delete' ? {} : { body: { mfa: { accountConfigurations: {} } }, after: {} }),
  }) as unknown as Change;

const sync = { kind: 'identity-sync', action: 'create', name: 's', fields: [] } as unknown as Change;

/** A client whose connection test refuses the names in `refused` and throws for those in `silent`. */
function client(refused: string[], silent: string[] = []): { client: IseClient; tested: string[] } {
  const tested: string[] = [];
  const stub = {
    testDuoConnection: async (name: string) => {
      tested.push(name);
      if (silent.includes(name)) throw new Error('no answer within 30000 ms');
      return refused.includes(name) ? { ok: false, message: 'Failed to verify' } : { ok: true, message: '' };
    },
  };
  return { client: stub as unknown as IseClient, tested };
}

const plan = {
  changes: [
    sync,
    connection('new', 'create'),
    connection('described', 'update', ['description']),
    connection('rekeyed', 'update', ['apiHostName']),
    connection('gone', 'delete'),
  ],
};

test('only the changes a kind wants tested: a created connection and one with a new host', () => {
  expect(changesToPreflight(plan).map((c) => c.name)).toEqual(['new', 'rekeyed']);
});

test('every refused object in one sentence, in plan order; none refused: undefined', async () => {
  const checked = changesToPreflight(plan);
  const both = client(['rekeyed', 'new']);
  expect(await preflightRefusal(both.client, checked, 1)).toEqual({
    text: 'Duo rejected the new keys of duo-connection "new" (ISE: Failed to verify); duo-connection "rekeyed" (ISE: Failed to verify)',
    remedy: 'Fix the keys, or pass --skip-key-check to write them anyway.',
  });
  expect(both.tested).toEqual(['new', 'rekeyed']);
  expect(await preflightRefusal(client([]).client, checked)).toBeUndefined();
});

test('a test without an answer is thrown, not taken for a pass', async () => {
  const checked = changesToPreflight(plan);
  await expect(preflightRefusal(client([], ['new']).client, checked, 1)).rejects.toThrow('no answer');
});
