/**
 * `ise-duo drift <file>`: read-only. Exit 0 when ISE matches the file, 2 when it does not, 1 on error, and
 * say which object and which field differ. Uses the read-only client: no write and no sync can be sent.
 */
import { ExitCode } from '../exit-codes';
import { type Plan, summarizeChange } from '../model/plan';
import type { DriftReport } from '../model/reports';
import { probeCredentials } from '../online/credential-probe';
import { type PreparedTarget, prepareTarget, type TargetOptions } from '../pipeline/prepare-target';
import { readAndPlan } from '../pipeline/read-and-plan';
import { rejectedProbes } from '../render/credential-probes';
import { renderDriftReport } from '../render/drift';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';

export interface DriftCommandOptions extends TargetOptions {
  file: string;
  format: OutputFormat;
  /**
   * Also ask ISE to test each connection's stored Duo keys (a testconnection POST with no keys in the body,
   * which changes no configuration; see `src/online/credential-probe.ts`). Rejected keys make drift exit 2.
   */
  probeCredentials?: boolean;
}

export function driftReport(plan: Plan): DriftReport {
  return {
    formatVersion: 1,
    target: plan.target,
    desiredFile: plan.desiredFile,
    inSync: plan.changes.length === 0,
    differences: plan.changes.map(summarizeChange),
    unmanaged: plan.unmanaged,
    notes: plan.notes,
  };
}

async function probed(
  prepared: PreparedTarget,
  report: DriftReport,
  live: Parameters<typeof probeCredentials>[2],
) {
  report.credentialProbes = await probeCredentials(prepared.prober(), prepared.desired, live);
}

export async function drift(options: DriftCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  const prepared = await prepareTarget(options.file, options, ctx);
  const { plan, live } = await readAndPlan(prepared);
  const report = driftReport(plan);
  if (options.probeCredentials) await probed(prepared, report, live);
  ctx.out(renderDriftReport(report, options.format));
  return {
    exitCode:
      report.inSync && rejectedProbes(report.credentialProbes).length === 0 ? ExitCode.OK : ExitCode.CHANGES,
    summary: {
      target: report.target,
      changes: report.differences.length,
      result: report.inSync ? 'in sync' : 'drift',
    },
    report,
  };
}
