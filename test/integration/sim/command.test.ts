/**
 * `ise-duo sim` as a command: flags become simulator options, it prints one line with the URL and username
 * (the password only when it is the public default), runs until aborted, then stops and saves its state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import axios from 'axios';
import { type SimCommandOptions, sim } from '../../../src/commands/sim';
import { UsageError } from '../../../src/errors';
import { DEFAULT_SIM_PASSWORD, DEFAULT_SIM_PORT } from '../../../src/sim/types';
import { makeTestPki } from '../../helpers/certs';
import { capture, tempDir, writeFile } from '../../helpers/harness';
import { MFA, waitFor } from './helpers';

/** Starts the command, waits for its "listening" line, and returns the URL with a way to stop it. */
async function runSim(options: SimCommandOptions, env: NodeJS.ProcessEnv = {}, cwd = tempDir()) {
  const captured = capture(env, cwd);
  const abort = new AbortController();
  const result = sim(options, { ...captured.ctx, signal: abort.signal });
  const ended = result.then(() => {
    throw new Error(`sim ended before listening: ${captured.err()}`);
  });
  ended.catch(() => {}); // it rejects later too, when the test stops the command on purpose
  await Promise.race([ended, waitFor(async () => /listening on/.test(captured.err()))]);
  const url = /listening on (\S+)/.exec(captured.err())?.[1] ?? '';
  return { url, captured, result, stop: () => abort.abort() };
}

it('exports its defaults for --help', () => {
  expect([DEFAULT_SIM_PORT, DEFAULT_SIM_PASSWORD]).toEqual([9443, 'demo-password']);
});

it('prints the URL, username and the default password, and stops on abort with exit code 0', async () => {
  const run = await runSim({ port: 0 });
  expect(run.captured.err()).toMatch(
    /^ISE simulator listening on http:\/\/127\.0\.0\.1:\d+ \(username admin, password demo-password\)/,
  );
  const res = await axios.get(`${run.url}${MFA}/status`, {
    auth: { username: 'admin', password: DEFAULT_SIM_PASSWORD },
    proxy: false,
  });
  expect(res.data).toEqual({ status: false });
  run.stop();
  expect(await run.result).toEqual({ exitCode: 0 });
  expect(run.captured.logs()).toMatch(/simulator stopped/);
});

it('never prints a password that is not the default; takes it from ISE_SIM_PASSWORD', async () => {
  const run = await runSim({ port: 0, username: 'ops' }, { ISE_SIM_PASSWORD: 'env-secret-123' });
  try {
    expect(run.captured.err()).toMatch(/username ops\)/);
    const everything = run.captured.err() + run.captured.out() + run.captured.logs();
    expect(everything).not.toContain('env-secret-123');
    const auth = { username: 'ops', password: 'env-secret-123' };
    expect((await axios.get(`${run.url}${MFA}/status`, { auth, proxy: false })).status).toBe(200);
  } finally {
    run.stop();
    await run.result;
  }
});

it('resolves --state, --seed and TLS files against the working folder, and saves state on stop', async () => {
  const cwd = tempDir();
  const pki = makeTestPki();
  writeFile(cwd, 'seed.yaml', 'activeDirectories: []\nmfaEnabled: true\n');
  writeFile(cwd, 'c.pem', pki.server.cert);
  writeFile(cwd, 'k.pem', pki.server.key);
  const options = {
    port: 0,
    state: 'state.json',
    seed: 'seed.yaml',
    tlsCert: 'c.pem',
    tlsKey: 'k.pem',
    password: 'pw',
  };
  const run = await runSim(options, {}, cwd);
  expect(run.url).toMatch(/^https:/);
  run.stop();
  await run.result;
  expect(JSON.parse(readFileSync(join(cwd, 'state.json'), 'utf8')).mfaEnabled).toBe(true);
});

it.each([
  [{ tlsCert: 'c.pem' }, /--tls-cert and --tls-key go together/],
  [{ tlsCert: 'missing.pem', tlsKey: 'missing.key' }, /Cannot read the TLS certificate/],
  [{ secrets: 'shown' }, /Invalid secrets mode/],
])('refuses %j with a usage error', async (options, message) => {
  const captured = capture({}, tempDir());
  const start = sim({ port: 0, ...options }, captured.ctx);
  await expect(start).rejects.toThrow(UsageError);
  await expect(start).rejects.toThrow(message);
});
