import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeTestPki } from '../helpers/certs';

function get(port: number, ca?: string, servername?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', ca, servername, rejectUnauthorized: true },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end();
    setTimeout(() => reject(new Error('timeout')), 5000).unref();
  });
}

// The test PKI must really make verification pass and fail, or the TLS tests built on it prove nothing.
test('test PKI: CA-signed loopback cert verifies with the CA and fails without it', async () => {
  const pki = makeTestPki();
  const server = createServer({ cert: pki.server.cert, key: pki.server.key }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    expect(await get(port, pki.caPem)).toBe('200');
    expect(await get(port)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  } finally {
    server.close();
  }
});
