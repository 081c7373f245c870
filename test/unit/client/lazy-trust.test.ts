/**
 * The TLS trust (Node's root certificates plus caFile, parsed into a secure context: 20-30 ms of CPU) is
 * built on the first https connection, never for a client that only talks plain http (the simulator, a lab),
 * and once per CA bundle for the whole process.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { makeTestPki } from '../../helpers/certs';
import { harness } from './helpers';

const pki = makeTestPki();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return String((server.address() as AddressInfo).port);
}

const answer = (_req: unknown, res: import('node:http').ServerResponse) =>
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":true}');

test('no secure context for http; one for the first https connection, reused after', async () => {
  const plain = createHttpServer(answer);
  const secure = createHttpsServer({ cert: pki.server.cert, key: pki.server.key }, answer);
  const httpUrl = `http://127.0.0.1:${await listen(plain)}`;
  const httpsUrl = `https://127.0.0.1:${await listen(secure as unknown as Server)}`;
  const built = jest.spyOn(tls, 'createSecureContext');
  try {
    // Same CA bundle as a later https client: the agent set is shared, and it must not build the context.
    const overHttp = harness({ baseUrl: httpUrl, caFile: pki.caFile });
    expect(await overHttp.client.getMfaStatus()).toBe(true);
    expect(await overHttp.client.getMfaStatus()).toBe(true);
    const contextsOf = () => built.mock.calls.filter(([options]) => options?.ca !== undefined).length;
    expect(contextsOf()).toBe(0);

    const overHttps = harness({ baseUrl: httpsUrl, caFile: pki.caFile });
    expect(await overHttps.client.getMfaStatus()).toBe(true);
    expect(contextsOf()).toBe(1);
    const again = harness({ baseUrl: httpsUrl, caFile: pki.caFile });
    expect(await again.client.getMfaStatus()).toBe(true);
    expect(contextsOf()).toBe(1);
  } finally {
    built.mockRestore();
    plain.closeAllConnections();
    secure.closeAllConnections();
    await new Promise((r) => plain.close(r));
    await new Promise((r) => secure.close(r));
  }
});
