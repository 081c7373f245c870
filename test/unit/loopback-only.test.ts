/**
 * The guard of test/setup.ts: connections to loopback go through, any other host is refused before a packet
 * is sent, whichever form of `connect` call Node or a library uses.
 */
import net from 'node:net';
import tls from 'node:tls';
import { connectTarget, isLoopback } from '../helpers/loopback-only';

test('reads the host from every form of connect call', () => {
  expect(connectTarget([{ host: '10.0.0.1', port: 443 }])).toEqual({ host: '10.0.0.1', port: 443 });
  expect(connectTarget([[{ host: 'ise.example.com', port: 443 }, () => {}]])).toEqual({
    host: 'ise.example.com',
    port: 443,
  });
  expect(connectTarget([9443, '192.0.2.1'])).toEqual({ port: 9443, host: '192.0.2.1' });
  expect(connectTarget([9443])).toEqual({ port: 9443, host: undefined });
  expect(connectTarget(['/tmp/sim.sock'])).toEqual({ path: '/tmp/sim.sock' });
});

test('loopback names, no host and socket paths are local; anything else is not', () => {
  for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '::1', '[::1]', undefined])
    expect(isLoopback({ host, port: 1 })).toBe(true);
  expect(isLoopback({ path: '/tmp/sim.sock' })).toBe(true);
  for (const host of ['10.0.0.1', '192.0.2.1', 'ise.example.com', '0.0.0.0', '127.0.0.2'])
    expect(isLoopback({ host, port: 1 })).toBe(false);
});

test('the installed guard refuses a connection beyond loopback, for net and tls alike', () => {
  expect(() => net.connect({ host: '192.0.2.1', port: 9 })).toThrow(
    'a test tried to connect to 192.0.2.1:9; tests may reach only loopback',
  );
  expect(() => tls.connect({ host: 'ise.example.com', port: 443 })).toThrow(/ise\.example\.com:443/);
});

test('a connection to loopback goes through', async () => {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});
