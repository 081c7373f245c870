/**
 * The prefetching client: listed reads are sent at once and answered from those requests; a read not
 * listed, or any read after a write or an action, goes to the client; a prefetched read nobody asks for,
 * failing, is no unhandled rejection.
 */
import type { IseClient } from '../../../src/client/types';
import { prefetching } from '../../../src/live/prefetch';

function recordingClient() {
  const calls: string[] = [];
  const client = {
    readOnly: false,
    getMfaStatus: async () => {
      calls.push('getMfaStatus');
      return true;
    },
    getIdentitySync: async (name: string) => {
      calls.push(`getIdentitySync ${name}`);
      if (name === 'gone') throw new Error('403');
      return { name, call: calls.length };
    },
    startSync: async (name: string) => {
      calls.push(`startSync ${name}`);
      return 'ok';
    },
  } as unknown as IseClient;
  return { client, calls };
}

test('listed reads are sent before anyone asks, and answered from those requests', async () => {
  const { client, calls } = recordingClient();
  const ahead = prefetching(client, [{ method: 'getMfaStatus' }, { method: 'getIdentitySync', args: ['a'] }]);
  expect(calls).toEqual(['getMfaStatus', 'getIdentitySync a']);
  expect(await ahead.getMfaStatus()).toBe(true);
  expect(await ahead.getIdentitySync('a')).toEqual({ name: 'a', call: 2 });
  expect(await ahead.getIdentitySync('a')).toEqual({ name: 'a', call: 2 });
  expect(calls).toHaveLength(2);
  expect(ahead.readOnly).toBe(false);
});

// The sync-run start reads its sync with an abort signal (`getIdentitySync(name, { signal })`): the options are
// not part of what is read, and keying on them made that read go to ISE again, one round trip more.
test('a call with an options argument is answered by the prefetched read of the same name', async () => {
  const { client, calls } = recordingClient();
  const ahead = prefetching(client, [{ method: 'getIdentitySync', args: ['a'] }]);
  const signal = new AbortController().signal;
  expect(await ahead.getIdentitySync('a', { signal })).toEqual({ name: 'a', call: 1 });
  expect(calls).toEqual(['getIdentitySync a']);
});

test('a read not listed goes to the client', async () => {
  const { client, calls } = recordingClient();
  const ahead = prefetching(client, [{ method: 'getIdentitySync', args: ['a'] }]);
  await ahead.getIdentitySync('b');
  expect(calls).toEqual(['getIdentitySync a', 'getIdentitySync b']);
});

test('after an action or a write, reads go to ISE again', async () => {
  const { client, calls } = recordingClient();
  const ahead = prefetching(client, [{ method: 'getIdentitySync', args: ['a'] }]);
  await ahead.getIdentitySync('a');
  await ahead.startSync('a');
  expect(await ahead.getIdentitySync('a')).toEqual({ name: 'a', call: 3 });
  expect(calls).toEqual(['getIdentitySync a', 'startSync a', 'getIdentitySync a']);
});

test('a failing prefetched read rejects for whoever asks, and for nobody else', async () => {
  const { client } = recordingClient();
  const unhandled = jest.fn();
  process.on('unhandledRejection', unhandled);
  try {
    const ahead = prefetching(client, [{ method: 'getIdentitySync', args: ['gone'] }]);
    const other = prefetching(client, [{ method: 'getIdentitySync', args: ['gone'] }]);
    await expect(ahead.getIdentitySync('gone')).rejects.toThrow('403');
    await new Promise((resolve) => setImmediate(resolve));
    expect(other).toBeDefined();
    expect(unhandled).not.toHaveBeenCalled();
  } finally {
    process.off('unhandledRejection', unhandled);
  }
});
