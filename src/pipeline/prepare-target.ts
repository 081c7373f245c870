/**
 * The first step plan, apply, drift and sync share for one target: load and validate the file, resolve the
 * target, and make its clients (read-only by default). `read-and-plan.ts` is the next step.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createIseClient } from '../client/ise-client';
import { withPolicyLookupCache } from '../client/lookup-cache';
import type { IseClient } from '../client/types';
import { WriteJournal } from '../client/write-gate';
import { caFileIssues } from '../desired/ca-file-check';
import { loadNamedFile } from '../desired/load';
import { ConfigError } from '../errors';
import type { PlanInputs } from '../model/plan';
import type { DesiredState } from '../model/state';
import { formatIssue } from '../render/issues';
import type { CommandContext } from '../runtime/context';
import { type ResolvedTarget, resolveTarget } from './target';

export interface TargetOptions {
  /** Overrides the file's `ise.url` and ISE_URL. */
  iseUrl?: string;
}

export interface PreparedTarget {
  /** The file as the user named it. */
  file: string;
  desired: DesiredState;
  target: ResolvedTarget;
  /** Refuses every write: plans and drift checks use this one. */
  reader: IseClient;
  /**
   * Makes a client that may write, only when applying. Its write gate closes on `ctx.signal` (Ctrl-C,
   * SIGTERM), and it records every call with a side effect in `journal`.
   */
  writer(): IseClient;
  /** What the writers sent to ISE, for a forced exit's last words. */
  journal: WriteJournal;
  /** Read-only except for testconnection with no keys (`drift --probe-credentials`): changes no configuration. */
  prober(): IseClient;
  /** The environment the file was loaded with (its `${env:…}` references). */
  env: NodeJS.ProcessEnv;
  /** Fingerprints of the file's bytes and of the variables it read, for explaining stale saved plans. */
  inputs: PlanInputs;
  logger: Logger;
}

export async function prepareTarget(
  file: string,
  options: TargetOptions,
  ctx: CommandContext,
): Promise<PreparedTarget> {
  const loaded = await loadNamedFile(file, ctx.cwd, ctx.env);
  if (!loaded.ok) throw new ConfigError(loaded.issues);
  // A fleet run already binds the target to its logger: bound twice, every line would carry it twice.
  const logger = 'target' in ctx.logger.bindings() ? ctx.logger : ctx.logger.child({ target: file });
  for (const w of loaded.warnings) logger.warn(formatIssue(w));
  const desired = loaded.desired;
  // At its line and column, before ISE is reached; the client's own check (each block parses) stays behind it.
  const caProblems = await caFileIssues(desired, resolve(ctx.cwd, file), file, 'error');
  if (caProblems.length > 0) throw new ConfigError(caProblems);
  const secrets = desired.secrets.revealAll();
  ctx.secrets?.add([...secrets, desired.target.password?.reveal()]);
  const target = resolveTarget(desired.target, ctx.env, { ...options, secrets });
  const clientOptions = {
    baseUrl: target.url,
    username: target.username,
    password: target.password,
    caFile: target.caFile,
    insecure: target.insecure,
    requestTimeoutMs: target.requestTimeoutMs,
    connectTimeoutMs: target.connectTimeoutMs,
    secrets: desired.secrets,
    logger,
  };
  // Policy sets and library conditions are read once per run, whether the live reader or the name check asks.
  // The clients that only read stop on the first signal: a plan or drift check ends at once, exit 130.
  const stopReads = ctx.signal;
  const reader = withPolicyLookupCache(createIseClient({ ...clientOptions, readOnly: true, stopReads }));
  const journal = new WriteJournal();
  const writer = () => createIseClient({ ...clientOptions, stopWrites: ctx.signal, journal });
  const prober = () =>
    createIseClient({ ...clientOptions, readOnly: true, allowConnectionTest: true, stopReads });
  const inputs = loaded.inputs;
  return { file, desired, target, reader, writer, journal, prober, env: ctx.env, inputs, logger };
}
