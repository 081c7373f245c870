/**
 * `ise-duo drift <file>`: read-only. Exit 0 when ISE matches the file, 2 when it does not, 1 on error, and
 * say which object and which field differ. Uses the read-only client: no write and no sync can be sent.
 */
import { ExitCode } from '../exit-codes';
import type { Change, Plan, UnmanagedObject } from '../model/plan';
import { changeTitle, describeField } from '../render/format-value';
import type { CommandContext, CommandResult, OutputFormat } from './context';
import { prepareTarget, readAndPlan, type TargetOptions } from './pipeline';

export interface DriftCommandOptions extends TargetOptions {
  file: string;
  format: OutputFormat;
}

export interface DriftReport {
  formatVersion: 1;
  target: string;
  desiredFile: string;
  inSync: boolean;
  /** What would have to change on ISE to match the file. */
  differences: Change[];
  unmanaged: UnmanagedObject[];
  notes: string[];
}

export function driftReport(plan: Plan): DriftReport {
  return {
    formatVersion: 1,
    target: plan.target,
    desiredFile: plan.desiredFile,
    inSync: plan.changes.length === 0,
    differences: plan.changes.map(({ body: _b, after: _a, ...c }) => c),
    unmanaged: plan.unmanaged,
    notes: plan.notes,
  };
}

function driftLines(report: DriftReport): string[] {
  return report.differences.flatMap((c) => [
    `${changeTitle(c).replace(/ will be .*$/, '')}: ${describeDrift(c)}`,
    ...(c.kind === 'mfa' ? [] : c.fields.map((f) => `    ${describeField(c, f)}`)),
  ]);
}

function describeDrift(c: Change): string {
  if (c.kind === 'mfa')
    return c.action === 'enable'
      ? 'MFA is off on ISE, the file wants it on'
      : 'MFA is on on ISE, the file wants it off';
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
  const report = driftReport((await readAndPlan(prepared)).plan);
  if (options.format === 'json') ctx.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.format === 'markdown') ctx.out(renderDriftMarkdown(report));
  else ctx.out(renderDriftText(report));
  return {
    exitCode: report.inSync ? ExitCode.OK : ExitCode.CHANGES,
    summary: {
      target: report.target,
      changes: report.differences.length,
      result: report.inSync ? 'in sync' : 'drift',
    },
    report,
  };
}
