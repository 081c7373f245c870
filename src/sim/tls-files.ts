/**
 * The simulator's certificate and key from PEM files (`ise-duo sim --tls-cert/--tls-key`), checked before
 * the server starts: a file that is not a PEM certificate or an unencrypted key, or a key of another
 * certificate, is a usage error naming the file.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { readTextFile } from '../files/read-text-file';
import type { SimulatorOptions } from './types';

/** A certificate chain or a key is a few KiB. */
const MAX_PEM_BYTES = 1024 * 1024;

function readPem(file: string, what: string): string {
  const read = readTextFile(file, MAX_PEM_BYTES);
  if (!read.ok) throw new UsageError(`Cannot read the TLS ${what} ${file}: ${read.message}`);
  return read.text;
}

/**
 * The files are checked here, each by name: a file that is not a PEM certificate or key would otherwise fail
 * deep in the TLS server set-up as an internal error.
 */
function checkedPair(certFile: string, keyFile: string, cert: string, key: string) {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new UsageError(
      `--tls-cert ${certFile} is not a PEM certificate`,
      'give a file that starts with -----BEGIN CERTIFICATE-----',
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new UsageError(
      `--tls-key ${keyFile} is not a PEM private key (or it is encrypted)`,
      'give an unencrypted key file that starts with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)',
    );
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new UsageError(`--tls-key ${keyFile} is not the key of the certificate in ${certFile}`);
  }
}

/**
 * `--tls-cert` and `--tls-key` as the simulator's TLS option: both or neither, each read (relative to `cwd`)
 * and checked, so that a wrong file is a usage error naming it, not an internal error from the TLS server.
 */
export function tlsFromFiles(
  certFile: string | undefined,
  keyFile: string | undefined,
  cwd: string,
): SimulatorOptions['tls'] {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new UsageError('--tls-cert and --tls-key go together');
  const cert = readPem(resolve(cwd, certFile), 'certificate');
  const key = readPem(resolve(cwd, keyFile), 'key');
  checkedPair(certFile, keyFile, cert, key);
  return { cert, key };
}
