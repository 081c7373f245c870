/**
 * The trust the client verifies ISE's certificate against: the CAs of `caFile` when it is set, instead of
 * Node's built-in roots (as curl's --cacert, Go's RootCAs and Python's `verify=` do), else those roots. So
 * ISE is trusted through the CA its operator named and no other: a public CA that issued a certificate
 * for ISE's name is not enough. Built into one TLS secure context per distinct CA bundle and shared by
 * every connection of the process; a context with caFile never parses Node's ~140 roots (20-30 ms).
 *
 * Handing `ca: [...]` to an agent instead makes Node parse every root certificate again for each connection
 * (about 27 ms of CPU each, measured): at a fleet's parallelism that CPU starves the event loop until the
 * connect timers of other sockets fire. A context built once costs that once.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { UsageError } from '../errors';
import { fileStamp } from '../files/file-stamp';
import { readTextFile } from '../files/read-text-file';

/** The CAs of one caFile, with a key that is equal for equal contents. */
export interface CaBundle {
  key: string;
  pems: string[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The bundles read, by path, with the file's identity when read. A fleet's targets name the same caFile:
 * each target's client costs a stat of it instead of a read, a PEM scan and a hash. A file that changed
 * (another inode, size or modification time) is read again.
 */
const byPath = new Map<string, { stamp: string; bundle: CaBundle }>();

/** A CA bundle is a few KiB; every public root together is about 200 KiB. */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** Reads `caFile` and checks every block is a certificate. Throws UsageError: nothing has been sent yet. */
export function readCaFile(caFile: string): CaBundle {
  const stamp = fileStamp(caFile);
  const known = byPath.get(caFile);
  if (stamp !== undefined && known?.stamp === stamp) return known.bundle;
  const bundle = readAndCheck(caFile);
  if (stamp !== undefined) byPath.set(caFile, { stamp, bundle });
  return bundle;
}

function readAndCheck(caFile: string): CaBundle {
  // Bounded and regular files only: /dev/zero or a FIFO named by mistake must not hang the run.
  const read = readTextFile(caFile, MAX_CA_FILE_BYTES);
  if (!read.ok) {
    throw new UsageError(
      `caFile ${caFile} cannot be read: ${read.message}`,
      'Give the path of ISE CA PEM file.',
    );
  }
  const text = read.text;
  const blocks = text.match(PEM_BLOCK) ?? [];
  const hint = "Give the PEM file (-----BEGIN CERTIFICATE-----) of the CA that signed ISE's certificate.";
  if (blocks.length === 0) throw new UsageError(`caFile ${caFile} is not a PEM certificate`, hint);
  const key = createHash('sha256').update(blocks.join('\n')).digest('hex');
  if (!checked.has(key)) {
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch {
        throw new UsageError(`caFile ${caFile} is not a PEM certificate (a block does not parse)`, hint);
      }
    }
    checked.add(key);
  }
  return { key, pems: blocks };
}

/** Bundles already parsed once: a fleet of targets sharing one caFile checks it once. */
const checked = new Set<string>();
const contexts = new Map<string, SecureContext>();

/** The one secure context for `ca` (its CAs only; undefined: Node's built-in roots), built on first use. */
export function secureContextFor(ca: CaBundle | undefined): SecureContext {
  const key = ca?.key ?? '';
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext(ca ? { ca: ca.pems } : {});
    contexts.set(key, context);
  }
  return context;
}
