/**
 * `ise-duo sim`: runs the ISE simulator in the foreground until Ctrl-C / SIGTERM (or the context's abort
 * signal), then stops it gracefully, saving the state file. Turns CLI flags into `SimulatorOptions`:
 * relative paths against the context's folder, TLS files read and checked (`src/sim/tls-files.ts`), the
 * password from the flag, the environment or the documented default (`src/render/sim-banner.ts` prints it
 * only when it is that public default).
 */
import { resolve } from 'node:path';
import { ExitCode } from '../exit-codes';
import { simBanner } from '../render/sim-banner';
import type { CommandContext, CommandResult } from '../runtime/context';
import { startSimulator } from '../sim/index';
import { tlsFromFiles } from '../sim/tls-files';
import {
  DEFAULT_SECRETS_MODE,
  DEFAULT_SEED_FILE,
  DEFAULT_SIM_HOST,
  DEFAULT_SIM_PASSWORD,
  DEFAULT_SIM_PORT,
  DEFAULT_SIM_USERNAME,
  DEFAULT_SYNC_DELAY_MS,
  type SecretsMode,
  SIM_PASSWORD_ENV,
  type SimulatorOptions,
} from '../sim/types';

/** The flags of `ise-duo sim`, as commander hands them over. Every field has a documented default. */
export interface SimCommandOptions {
  /** Default 9443; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1; loopback addresses only. */
  host?: string;
  /** Default `admin`. */
  username?: string;
  /** Default: `$ISE_SIM_PASSWORD`, else `demo-password`. */
  password?: string;
  /** JSON state file; default: in memory only. */
  state?: string;
  /** Seed YAML; default `seeds/default.yaml`. */
  seed?: string;
  /** `masked` (default), `clear` or `omitted`. */
  secrets?: string;
  /** PEM certificate and key files; HTTPS only when both are given. */
  tlsCert?: string;
  tlsKey?: string;
  /** Default 2000. */
  syncDelayMs?: number;
}

/** The flags as `startSimulator` options, defaults applied. */
export function simulatorOptions(
  options: SimCommandOptions,
  ctx: CommandContext,
): SimulatorOptions & Required<Pick<SimulatorOptions, 'username' | 'password'>> {
  return {
    port: options.port ?? DEFAULT_SIM_PORT,
    host: options.host ?? DEFAULT_SIM_HOST,
    username: options.username ?? DEFAULT_SIM_USERNAME,
    password: options.password ?? ctx.env[SIM_PASSWORD_ENV] ?? DEFAULT_SIM_PASSWORD,
    statePath: options.state ? resolve(ctx.cwd, options.state) : undefined,
    seed: options.seed ? resolve(ctx.cwd, options.seed) : DEFAULT_SEED_FILE,
    secrets: (options.secrets ?? DEFAULT_SECRETS_MODE) as SecretsMode,
    tls: tlsFromFiles(options.tlsCert, options.tlsKey, ctx.cwd),
    syncDelayMs: options.syncDelayMs ?? DEFAULT_SYNC_DELAY_MS,
    logger: ctx.logger,
  };
}

/** Resolves on SIGINT, SIGTERM or the context's abort, whichever comes first, and unhooks the others. */
function untilStopped(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((done) => {
    const finish = (why: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      done(why);
    };
    const onInt = () => finish('SIGINT');
    const onTerm = () => finish('SIGTERM');
    const onAbort = () => finish('abort');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) finish('abort');
  });
}

export async function sim(options: SimCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  const simOptions = simulatorOptions(options, ctx);
  const running = await startSimulator(simOptions);
  ctx.err(simBanner(running.url, simOptions.username, simOptions.password));
  ctx.logger.info(
    {
      url: running.url,
      state: simOptions.statePath ?? null,
      seed: simOptions.seed,
      secrets: simOptions.secrets,
    },
    'simulator started',
  );
  const why = await untilStopped(ctx.signal);
  await running.stop();
  ctx.logger.info({ reason: why }, 'simulator stopped');
  return { exitCode: ExitCode.OK };
}
