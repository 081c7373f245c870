/**
 * What the client trusts for ISE's certificate: with `caFile`, that file's CAs and nothing else (Node's
 * built-in roots are left out, as curl's --cacert and Go's RootCAs leave the system's out); without it,
 * Node's roots. No test can show the difference by connecting (that needs a certificate signed by one of
 * Node's public roots), so the check is on the one secure context the client builds: exactly its CA list.
 */
import tls from 'node:tls';
import { readCaFile, secureContextFor } from '../../../src/client/tls-context';
import { makeTestPki } from '../../helpers/certs';

afterEach(() => jest.restoreAllMocks());

test("with caFile, the context trusts exactly the file's CAs, not Node's roots", () => {
  const built = jest.spyOn(tls, 'createSecureContext');
  const bundle = readCaFile(makeTestPki().caFile);
  const context = secureContextFor(bundle);
  expect(built).toHaveBeenCalledTimes(1);
  const options = built.mock.calls[0][0];
  expect(options).toEqual({ ca: bundle.pems });
  expect(options?.ca).toHaveLength(1);
  expect(tls.rootCertificates.length).toBeGreaterThan(100);
  // Built once per bundle: the next client with the same caFile shares it.
  expect(secureContextFor(readCaFile(makeTestPki().caFile))).toBe(context);
  expect(built).toHaveBeenCalledTimes(1);
});

test("without caFile, the context is Node's default trust (its built-in roots)", () => {
  const built = jest.spyOn(tls, 'createSecureContext');
  secureContextFor(undefined);
  expect(built.mock.calls.map((c) => c[0])).toEqual([{}]);
});
