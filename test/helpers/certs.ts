/**
 * Test PKI made in the test run (never committed): a CA, a server certificate for the loopback names signed
 * by it, and one for a wrong host name. Pure JS (node-forge), so it needs no openssl binary on the machine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TestPki {
  dir: string;
  caFile: string;
  caPem: string;
  /** Valid for 127.0.0.1, ::1 and localhost. */
  server: { cert: string; key: string; certFile: string; keyFile: string };
  /** Signed by the same CA, but for `wrong.example.com` only. */
  wrongHost: { cert: string; key: string; certFile: string; keyFile: string };
}

function makeCert(
  subjectCN: string,
  issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | null,
  altNames: Array<{ type: number; value?: string; ip?: string }>,
  serial: string,
) {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const subject = [{ name: 'commonName', value: subjectCN }];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const isCa = issuer === null;
  cert.setExtensions([
    { name: 'basicConstraints', cA: isCa },
    { name: 'keyUsage', keyCertSign: isCa, digitalSignature: true, keyEncipherment: true },
    ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(issuer ? issuer.key : keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

let cached: TestPki | undefined;

/** Generates the PKI once per test file (RSA key generation takes a moment). */
export function makeTestPki(): TestPki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'ise-duo-pki-'));
  const ca = makeCert('ise-duo test CA', null, [], '01');
  const server = makeCert(
    'localhost',
    ca,
    [
      { type: 2, value: 'localhost' },
      { type: 7, ip: '127.0.0.1' },
      { type: 7, ip: '::1' },
    ],
    '02',
  );
  const wrong = makeCert('wrong.example.com', ca, [{ type: 2, value: 'wrong.example.com' }], '03');
  const write = (name: string, pem: string) => {
    const file = join(dir, name);
    writeFileSync(file, pem);
    return file;
  };
  const caPem = forge.pki.certificateToPem(ca.cert);
  const pair = (name: string, c: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }) => {
    const cert = forge.pki.certificateToPem(c.cert);
    const key = forge.pki.privateKeyToPem(c.key);
    return { cert, key, certFile: write(`${name}.crt`, cert), keyFile: write(`${name}.key`, key) };
  };
  cached = {
    dir,
    caPem,
    caFile: write('ca.crt', caPem),
    server: pair('server', server),
    wrongHost: pair('wrong-host', wrong),
  };
  return cached;
}
