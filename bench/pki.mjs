// A throwaway PKI for the HTTPS figures: a CA and a server certificate for 127.0.0.1 signed by it, made per
// run in a temp folder (never committed). Keys come from node:crypto (native, fast); node-forge (a dev
// dependency, already used by the tests' PKI) only assembles and signs the certificates.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { require, tempDir } from './lib.mjs';

const forge = require('node-forge');

function keyPair() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }));
  return { key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function certificate(subjectCN, serial, keys, issuer, extensions) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subjectCN }]);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : [{ name: 'commonName', value: subjectCN }]);
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.key : keys.key, forge.md.sha256.create());
  return cert;
}

/** `{ caFile, cert, key }`: the CA's PEM file (for `ise.caFile`) and the server's certificate and key. */
export function makePki() {
  const dir = tempDir('ise-duo-bench-pki-');
  const caKeys = keyPair();
  const caCert = certificate('ise-duo bench CA', '01', caKeys, null, [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
  ]);
  const serverKeys = keyPair();
  const serverCert = certificate('localhost', '02', serverKeys, { cert: caCert, key: caKeys.key }, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, forge.pki.certificateToPem(caCert));
  return {
    caFile,
    cert: forge.pki.certificateToPem(serverCert),
    key: forge.pki.privateKeyToPem(serverKeys.key),
  };
}
