/**
 * `startSimulator`: a Cisco ISE (3.3 P1+) Duo MFA / identity-sync API on a loopback port, for the README demo,
 * the integration tests and the benchmarks. Builds the simulation, puts the HTTP(S) listener in front of it,
 * and returns the in-process equivalents of the `/_sim/` control endpoints.
 */
import { type AddressInfo, isIPv4 } from 'node:net';
import { UsageError } from '../errors';
import { silentLogger } from '../logger';
import { Simulation } from './assembly';
import { createSimServer, type SimHttpServer } from './server';
import {
  DEFAULT_SECRETS_MODE,
  DEFAULT_SIM_HOST,
  DEFAULT_SIM_PASSWORD,
  DEFAULT_SIM_USERNAME,
  DEFAULT_SYNC_DELAY_MS,
  type RunningSimulator,
  SECRETS_MODES,
  type SimulatorOptions,
} from './types';

export * from './types';

/** Only loopback: the simulator has no real security and a well-known default password. */
function checkHost(host: string): string {
  if (host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'))) return host;
  throw new UsageError(
    `The simulator listens on loopback addresses only, not ${JSON.stringify(host)}`,
    'Use 127.0.0.1, ::1 or localhost.',
  );
}

function checkOptions(options: SimulatorOptions): void {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`Invalid port ${options.port}`);
  const delay = options.syncDelayMs ?? DEFAULT_SYNC_DELAY_MS;
  if (!Number.isInteger(delay) || delay < 0)
    throw new UsageError(`Invalid sync delay ${options.syncDelayMs} ms`);
  if (options.secrets !== undefined && !SECRETS_MODES.includes(options.secrets)) {
    throw new UsageError(
      `Invalid secrets mode ${JSON.stringify(options.secrets)}; use ${SECRETS_MODES.join(', ')}`,
    );
  }
  if (options.username === '') throw new UsageError('The simulator username cannot be empty');
}

function listen(server: SimHttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) =>
      reject(new UsageError(`The simulator cannot listen on ${host}:${port}: ${err.message}`)),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts the simulator; port 0 (the default here) picks an ephemeral port. Rejects with a UsageError. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  checkOptions(options);
  const host = checkHost(options.host ?? DEFAULT_SIM_HOST);
  const sim = new Simulation(options);
  const deps = {
    store: sim.store,
    policy: sim.policy,
    runner: sim.runner,
    faults: sim.faults,
    log: sim.log,
    control: sim,
    username: options.username ?? DEFAULT_SIM_USERNAME,
    password: options.password ?? DEFAULT_SIM_PASSWORD,
    secrets: options.secrets ?? DEFAULT_SECRETS_MODE,
    logger: options.logger ?? silentLogger(),
    latencyMs: () => sim.latencyMs,
    stopped: () => sim.stopped,
  };
  const server = createSimServer(deps, options.tls);
  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host);
  } catch (err) {
    sim.stop();
    throw err;
  }
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const stop = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      sim.stop();
    });
    return closing;
  };
  const { requestLog, clearLog, reset, setLatency, addFault, clearFaults, snapshot } = sim;
  return { url, port, stop, requestLog, clearLog, reset, setLatency, addFault, clearFaults, snapshot };
}
