/**
 * The steps plan, apply and drift share for one target: load and validate the file, resolve the target,
 * make the client, read live state, build the plan. Each step returns data; the commands render it.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { createIseClient } from '../client/ise-client';
import { withPolicyLookupCache } from '../client/lookup-cache';
import type { IseClient } from '../client/types';
import { loadDesiredState } from '../desired/load';
import { ConfigError } from '../errors';
import { readLiveState, scopeFor } from '../live/read-live-state';
import type { Plan, PlanInputs } from '../model/plan';
import type { DesiredState, LiveState } from '../model/state';
import { clientCatalogue } from '../online/catalogue';
import { checkNamesOnline, type KnownGroup, namesAllKnown } from '../online/name-check';
import { checkRuleNamesOnline, ruleNamesAllKnown } from '../online/rule-name-check';
import { buildPlan } from '../planner/build-plan';
import type { CommandContext } from './context';
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
  /** Makes a client that may write, only when applying. */
  writer(): IseClient;
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
  const loaded = await loadDesiredState(resolve(ctx.cwd, file), ctx.env);
  if (!loaded.ok) throw new ConfigError(loaded.issues);
  const logger = ctx.logger.child({ target: file });
  for (const w of loaded.warnings) logger.warn(`${w.file}:${w.line}:${w.column}: ${w.message}`);
  const desired = loaded.desired;
  const target = resolveTarget(desired.target, ctx.env, options);
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
  const reader = withPolicyLookupCache(createIseClient({ ...clientOptions, readOnly: true }));
  const writer = () => createIseClient(clientOptions);
  const prober = () => createIseClient({ ...clientOptions, readOnly: true, allowConnectionTest: true });
  return { file, desired, target, reader, writer, prober, env: ctx.env, inputs: loaded.inputs, logger };
}

export async function readAndPlan(prepared: PreparedTarget): Promise<{ live: LiveState; plan: Plan }> {
  const live = await readLiveState(prepared.reader, scopeFor(prepared.desired));
  // AD join point and group names ISE does not know, positioned in the file (checkable only while MFA is on).
  // Groups a live sync already holds exist on ISE: only groups the plan would add cost a request, so an
  // unchanged plan stays within its 3 + S + C (+1) GETs.
  const held = new Set(
    live.identitySyncs.flatMap((s) => s.adGroups.map((g) => `${s.name}\u0000${g.source}\u0000${g.name}`)),
  );
  const knownGroup: KnownGroup = (sync, source, group) => held.has(`${sync}\u0000${source}\u0000${group}`);
  const catalogue = clientCatalogue(prepared.reader, live.activeDirectories);
  if (live.objectsReadable && !(await namesAllKnown(prepared.desired.identitySyncs, catalogue, knownGroup))) {
    // Something is unknown: read the file again only now, to place each name at its line and column.
    const issues = await checkNamesOnline(
      prepared.desired.file,
      prepared.file,
      prepared.env,
      catalogue,
      knownGroup,
    );
    if (issues.length) throw new ConfigError(issues);
  }
  // Policy sets and library conditions ISE does not know, placed the same way. The lookups are the reader's
  // (remembered by the client), so a plan whose names are all known sends no extra GET for them.
  const policies = prepared.desired.mfaPolicies;
  if (policies.length > 0 && !(await ruleNamesAllKnown(policies, prepared.reader))) {
    const issues = await checkRuleNamesOnline(
      prepared.desired.file,
      prepared.file,
      prepared.env,
      prepared.reader,
    );
    if (issues.length) throw new ConfigError(issues);
  }
  const plan = buildPlan(prepared.desired, live, {
    target: prepared.target.url,
    desiredFile: prepared.file,
    inputs: prepared.inputs,
  });
  return { live, plan };
}
