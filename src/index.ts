/**
 * ise-duo's library API. The CLI uses exactly these functions; there is no second code path.
 */
export { createIseClient } from './client/ise-client';
export type { ConnectionTestResult, IseClient, IseClientOptions } from './client/types';
export { type ApplyCommandOptions, apply } from './commands/apply';
export { type DriftCommandOptions, drift } from './commands/drift';
export { type ExportCommandOptions, exportCommand } from './commands/export';
export { type PlanCommandOptions, plan } from './commands/plan';
export { type ShowCommandOptions, show } from './commands/show';
export { type SyncCommandOptions, sync } from './commands/sync';
export { type ValidateOptions, validate } from './commands/validate';
export { loadDesiredState } from './desired/load';
export * from './errors';
export { type ApplyResult, applyPlan } from './executor/apply-plan';
export { applyWithKeyCheck } from './executor/apply-with-key-check';
export { EXIT_CODE_TABLE, ExitCode } from './exit-codes';
export { type ReadScope, readLiveState, scopeFor } from './live/read-live-state';
export { createLogger, silentLogger } from './logger';
export type * from './model/plan';
export type { ApplyReport, CredentialProbe, DriftReport, SyncRunResult } from './model/reports';
export { Secret, SecretStore, secretRef } from './model/secret';
export type * from './model/state';
export { probeCredentials } from './online/credential-probe';
export { buildPlan, desiredFingerprint, type PlanOptions } from './planner/build-plan';
export { renderPlanMarkdown } from './render/plan-markdown';
export { renderPlanText } from './render/plan-text';
export type { CommandContext, CommandResult, OutputFormat } from './runtime/context';
export { startSimulator } from './sim';
export { runSyncs } from './sync-runs/run-syncs';
