/**
 * The first-handshake gate of tls-sessions.ts with stand-in sockets: which connections open at once, which
 * wait, and what ends the wait when the host gives no session (a server without resumption, a failure).
 * Resuming real sessions is covered against an HTTPS simulator in test/integration/transport-scale.test.ts.
 */
import { type Duplex, PassThrough } from 'node:stream';
import { MAX_TICKET_WAIT_MS, MIN_TICKET_WAIT_MS, TlsSessions } from '../../../src/client/tls-sessions';

interface Opened {
  socket: Duplex;
  extra: { session?: Buffer };
}

function setUp() {
  const sessions = new TlsSessions();
  const opened: Opened[] = [];
  const open = (extra: { session?: Buffer }) => {
    const socket = new PassThrough();
    opened.push({ socket, extra });
    return socket;
  };
  const handedOver: Duplex[] = [];
  const ready = (err: Error | null, socket: Duplex) => {
    expect(err).toBeNull();
    handedOver.push(socket);
  };
  return { sessions, opened, open, handedOver, ready };
}

test('while the first handshake to a host is under way, further connections to it wait', () => {
  const { sessions, opened, open, handedOver, ready } = setUp();
  expect(sessions.connect('ise-a:443', open, ready)).toBe(opened[0].socket);
  expect(sessions.connect('ise-a:443', open, ready)).toBeUndefined();
  expect(sessions.connect('ise-a:443', open, ready)).toBeUndefined();
  // Another host has a first handshake of its own.
  expect(sessions.connect('ise-b:443', open, ready)).toBe(opened[1].socket);
  expect(opened).toHaveLength(2);
  expect(handedOver).toEqual([]);
});

test('a server that gives no session ends the wait with its first answer bytes; later ones never wait', () => {
  const { sessions, opened, open, handedOver, ready } = setUp();
  sessions.connect('ise-a:443', open, ready);
  sessions.connect('ise-a:443', open, ready);
  sessions.connect('ise-a:443', open, ready);
  opened[0].socket.emit('data', Buffer.from('HTTP/1.1 200 OK\r\n'));
  expect(handedOver).toEqual([opened[1].socket, opened[2].socket]);
  expect(opened.map((o) => o.extra)).toEqual([{}, {}, {}]);
  // Still no session for the host: new connections open at once instead of waiting again.
  expect(sessions.connect('ise-a:443', open, ready)).toBe(opened[3].socket);
  expect(sessions.connect('ise-a:443', open, ready)).toBe(opened[4].socket);
  expect(handedOver).toHaveLength(2);
});

test('a handshake done with no session yet ends the wait after as long again as it took, not at the answer', () => {
  jest.useFakeTimers();
  try {
    const { sessions, opened, open, handedOver, ready } = setUp();
    sessions.connect('ise-a:443', open, ready);
    sessions.connect('ise-a:443', open, ready);
    jest.advanceTimersByTime(40); // the handshake takes 40 ms
    opened[0].socket.emit('secureConnect');
    jest.advanceTimersByTime(39);
    expect(handedOver).toEqual([]);
    jest.advanceTimersByTime(1);
    // A slow first answer (or a server that issues no session) does not hold the waiting connection.
    expect(handedOver).toEqual([opened[1].socket]);
    opened[0].socket.emit('session', Buffer.from('late ticket'));
    expect(handedOver).toHaveLength(1);
  } finally {
    jest.useRealTimers();
  }
});

test(`the wait after the handshake is at least ${MIN_TICKET_WAIT_MS} ms and at most ${MAX_TICKET_WAIT_MS} ms`, () => {
  jest.useFakeTimers();
  try {
    const fast = setUp();
    fast.sessions.connect('ise-a:443', fast.open, fast.ready);
    fast.sessions.connect('ise-a:443', fast.open, fast.ready);
    fast.opened[0].socket.emit('secureConnect');
    jest.advanceTimersByTime(MIN_TICKET_WAIT_MS - 1);
    expect(fast.handedOver).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fast.handedOver).toHaveLength(1);

    const slow = setUp();
    slow.sessions.connect('ise-b:443', slow.open, slow.ready);
    slow.sessions.connect('ise-b:443', slow.open, slow.ready);
    jest.advanceTimersByTime(4000);
    slow.opened[0].socket.emit('secureConnect');
    jest.advanceTimersByTime(MAX_TICKET_WAIT_MS);
    expect(slow.handedOver).toHaveLength(1);
  } finally {
    jest.useRealTimers();
  }
});

test('a first handshake that fails ends the wait: the waiting connections open and fail on their own', () => {
  const { sessions, opened, open, handedOver, ready } = setUp();
  sessions.connect('ise-a:443', open, ready);
  sessions.connect('ise-a:443', open, ready);
  opened[0].socket.destroy(new Error('connect ECONNREFUSED'));
  opened[0].socket.on('error', () => {});
  return new Promise<void>((resolve) => {
    opened[0].socket.once('close', () => {
      expect(handedOver).toEqual([opened[1].socket]);
      resolve();
    });
  });
});

test('callers that cannot wait (no callback) and sockets without an agent key open at once', () => {
  const { sessions, opened, open, ready } = setUp();
  sessions.connect('ise-a:443', open, ready);
  expect(sessions.connect('ise-a:443', open, undefined)).toBe(opened[1].socket);
  expect(sessions.connect(undefined, open, ready)).toBe(opened[2].socket);
});
