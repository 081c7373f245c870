/** Client creation: option checks that fail before anything is sent, and the warnings an operator must see. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_DEFAULTS, createIseClient } from '../../../src/client/ise-client';
import { readCaFile } from '../../../src/client/tls-context';
import { UsageError } from '../../../src/errors';
import { Secret } from '../../../src/model/secret';
import { makeTestPki } from '../../helpers/certs';
import { failure, harness } from './helpers';

const base = { username: 'u', password: new Secret('p') };

function creationError(options: Partial<Parameters<typeof createIseClient>[0]>): Error {
  try {
    createIseClient({ ...base, baseUrl: 'https://ise.example.com', ...options });
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected createIseClient to throw');
}

test('the documented defaults', () => {
  expect(CLIENT_DEFAULTS).toEqual({
    connectTimeoutMs: 5000,
    requestTimeoutMs: 30000,
    maxRetries: 3,
    retryBaseDelayMs: 300,
    retryMaxDelayMs: 20000,
    maxResponseBytes: 5 * 1024 * 1024,
  });
});

describe('caFile', () => {
  const pki = makeTestPki();

  test('a valid CA PEM is accepted', () => {
    expect(() =>
      createIseClient({ ...base, baseUrl: 'https://127.0.0.1', caFile: pki.caFile }),
    ).not.toThrow();
  });

  test('a file that is not a certificate is a UsageError naming it', () => {
    const err = creationError({ caFile: pki.server.keyFile });
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`caFile ${pki.server.keyFile} is not a PEM certificate`);
  });

  test('a certificate block that does not parse is a UsageError', () => {
    const file = join(pki.dir, 'broken.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    const err = creationError({ caFile: file });
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(`caFile ${file} is not a PEM certificate`);
  });

  test('a caFile read once is read again only when the file changes', () => {
    const file = join(pki.dir, 'rotating.pem');
    writeFileSync(file, pki.caPem);
    const first = readCaFile(file);
    expect(readCaFile(file)).toBe(first);
    // Another CA in its place (size and modification time change): read, checked and keyed anew.
    writeFileSync(file, `${pki.server.cert}\n`);
    const second = readCaFile(file);
    expect(second.key).not.toBe(first.key);
    expect(second.pems).toEqual([pki.server.cert.trim()]);
    // Broken in its place: the UsageError comes back, not the last good bundle.
    writeFileSync(file, 'not a pem at all\n');
    expect(() => readCaFile(file)).toThrow(UsageError);
  });

  test('a missing file is a UsageError', () => {
    const err = creationError({ caFile: join(pki.dir, 'missing.pem') });
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(/cannot be read: file not found/);
  });
});

test.each(['not a url', 'ftp://ise.example.com'])('baseUrl %p is a UsageError', (baseUrl) => {
  expect(creationError({ baseUrl })).toBeInstanceOf(UsageError);
});

test('insecure: true warns on every client creation', () => {
  const first = harness({ insecure: true });
  const second = harness({ insecure: true });
  for (const h of [first, second]) {
    const warnings = h.logLines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/TLS verification is OFF/);
  }
});

test('no warning without insecure', () => {
  const h = harness();
  expect(h.logLines.map((l) => JSON.parse(l)).filter((l) => l.level >= 40)).toEqual([]);
});

test('plain http to a non-loopback host warns', () => {
  const h = harness({ baseUrl: 'http://ise.example.com' });
  expect(h.logLines.join('')).toContain('plain http');
});

test('an empty identity sync name is a UsageError, not a request to the list endpoint', async () => {
  const err = await failure(() => harness().client.startSync(''));
  expect(err).toBeInstanceOf(UsageError);
});
