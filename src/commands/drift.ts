/**
 * `ise-duo drift <file>`: read-only. Exit 0 when ISE matches the file, 2 when it does not, 1 on error, and
 * say which object and which field differ. Uses the read-only client: no write and no sync can be sent.
 */
import { ExitCode } from '../exit-codes';
import { type ChangeSummary, type Plan, summarizeChange, type UnmanagedObject } from '../model/plan';
import {
  type CredentialProbe,
  probeCredentials,
  rejectedProbes,
  renderProbesMarkdown,
  renderProbesText,
} from '../online/credential-probe';
import { changeTitle, describeDriftField, objectLabel, shownFields } from '../render/format-value';
import type { CommandContext, CommandResult, OutputFormat } from './context';
import { prepareTarget, readAndPlan, type TargetOptions } from './pipeline';

export interface DriftCommandOptions extends TargetOptions {
  file: string;
  format: OutputFormat;
  /**
   * Also ask ISE to test each connection's stored Duo keys (a testconnection POST with no keys in the body,
   * which changes no configuration; see `src/online/credential-probe.ts`). Rejected keys make drift exit 2.
   */
  probeCredentials?: boolean;
}

export interface DriftReport {
  formatVersion: 1;
  target: string;
  desiredFile: string;
  inSync: boolean;
  /** Only with `--probe-credentials`: ISE's test of each connection's stored keys. */
  credentialProbes?: CredentialProbe[];
  /** What would have to change on ISE to match the file. */
  differences: ChangeSummary[];
  unmanaged: UnmanagedObject[];
  notes: string[];
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

function driftLines(report: DriftReport): string[] {
  return report.differences.flatMap((c) => [
    `${changeTitle(c).replace(/ will be .*$/, '')}: ${describeDrift(c)}`,
    ...shownFields(c).map((f) => `    ${describeDriftField(f)}`),
  ]);
}

function describeDrift(c: ChangeSummary): string {
  if (c.action === 'enable') return `${objectLabel(c)} is off on ISE, the file wants it on`;
  if (c.action === 'disable') return `${objectLabel(c)} is on on ISE, the file wants it off`;
  if (c.action === 'create') return 'missing on ISE';
  if (c.action === 'delete') return 'on ISE but not in the file (prune: true)';
  return 'differs';
}

export function renderDriftText(report: DriftReport): string {
  if (report.inSync) return `In sync: ${report.target} matches ${report.desiredFile}.\n`;
  return `Drift: ${report.target} differs from ${report.desiredFile}:\n${driftLines(report)
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

export function renderDriftMarkdown(report: DriftReport): string {
  if (report.inSync)
    return `### ise-duo drift: in sync\n\n\`${report.target}\` matches \`${report.desiredFile}\`.\n`;
  return `### ise-duo drift: ${report.differences.length} difference(s)\n\n\`${report.target}\` differs from \`${report.desiredFile}\`:\n\n\`\`\`\n${driftLines(report).join('\n')}\n\`\`\`\n`;
}

export async function drift(options: DriftCommandOptions, ctx: CommandContext): Promise<CommandResult> {
  const prepared = await prepareTarget(options.file, options, ctx);
  const { plan, live } = await readAndPlan(prepared);
  const report = driftReport(plan);
  if (options.probeCredentials) {
    report.credentialProbes = await probeCredentials(prepared.prober(), prepared.desired, live);
  }
  const probes = report.credentialProbes;
  if (options.format === 'json') ctx.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.format === 'markdown') ctx.out(renderDriftMarkdown(report) + renderProbesMarkdown(probes));
  else ctx.out(renderDriftText(report) + renderProbesText(probes));
  return {
    exitCode: report.inSync && rejectedProbes(probes).length === 0 ? ExitCode.OK : ExitCode.CHANGES,
    summary: {
      target: report.target,
      changes: report.differences.length,
      result: report.inSync ? 'in sync' : 'drift',
    },
    report,
  };
}
