/**
 * The simulator over HTTPS with the test PKI: the same API, the same auth, verified against the test CA.
 */
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import type { RunningSimulator } from '../../../src/sim/index';
import { makeTestPki } from '../../helpers/certs';
import { AUTH, IDS, MFA, startTestSim, syncBody } from './helpers';

let sim: RunningSimulator;
let http: AxiosInstance;
const pki = makeTestPki();

beforeAll(async () => {
  sim = await startTestSim({ tls: { cert: pki.server.cert, key: pki.server.key }, mfaEnabled: true });
  http = axios.create({
    baseURL: sim.url,
    auth: AUTH,
    httpsAgent: new https.Agent({ ca: pki.caPem }),
    validateStatus: () => true,
    proxy: false,
  });
});
afterAll(() => sim.stop());

it('serves the API over HTTPS with a certificate the test CA verifies', async () => {
  expect(sim.url).toBe(`https://127.0.0.1:${sim.port}`);
  expect((await http.get(`${MFA}/status`)).data).toEqual({ status: true });
  expect((await http.post(`${IDS}/identitysync`, syncBody('tls-sync'))).status).toBe(200);
  expect((await http.get(`${IDS}/identitysync`)).data.response[0].name).toBe('tls-sync');
});

it('still requires basic auth over HTTPS', async () => {
  const res = await http.get(`${MFA}/status`, { auth: { username: 'admin', password: 'nope' } });
  expect([res.status, res.data]).toEqual([401, { code: '401', message: 'Unauthorized' }]);
});

it('is refused by a client that does not trust the CA', async () => {
  const strict = axios.create({ baseURL: sim.url, auth: AUTH, proxy: false });
  await expect(strict.get(`${MFA}/status`)).rejects.toMatchObject({
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  });
});
