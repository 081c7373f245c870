/**
 * `ise-duo fleet-report merge <report.json>...`: one fleet report from the reports of a sharded fleet's CI
 * jobs (see `src/fleet/merge-reports.ts`), on stdout. Sends nothing to ISE. A file that is not a version-1
 * fleet report is refused with its name, before anything is printed.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors';
import { ExitCode } from '../exit-codes';
import { readTextFile } from '../files/read-text-file';
import { mergeFleetReports, type NamedReport } from '../fleet/merge-reports';
import type { FleetReport } from '../model/reports';
import { renderJson } from '../render/json';
import type { CommandContext, CommandResult, OutputFormat } from '../runtime/context';

export interface FleetReportOptions {
  action: string;
  reports: string[];
  /** json (default): the merged report; markdown or text: it rendered, e.g. for an issue or a job log. */
  format?: OutputFormat;
}

/** A fleet report holds each target's whole report: some MiB for a thousand targets, never hundreds. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

function readReport(file: string, cwd: string): NamedReport {
  const read = readTextFile(resolve(cwd, file), MAX_REPORT_BYTES);
  if (!read.ok) throw new UsageError(`${file}: ${read.message}`);
  const text = read.text;
  let report: FleetReport;
  try {
    report = JSON.parse(text) as FleetReport;
  } catch {
    throw new UsageError(`${file}: not JSON`, 'give the output of `plan|apply|drift <folder> --format json`');
  }
  const valid =
    report !== null &&
    typeof report === 'object' &&
    report.formatVersion === 1 &&
    ['plan', 'apply', 'drift'].includes(report.command) &&
    Array.isArray(report.targets) &&
    report.targets.every((t) => t && typeof t.file === 'string') &&
    (report.shard === undefined || validShard(report.shard));
  if (!valid) {
    throw new UsageError(
      `${file}: not a version-1 fleet report`,
      'give the output of `plan|apply|drift <folder> --format json`',
    );
  }
  return { name: file, report };
}

/** `--shard K/N` of a fleet of `of` targets: whole numbers, 1 <= K <= N, as a run writes them. */
function validShard(shard: unknown): boolean {
  const { index, count, of } = (shard ?? {}) as Record<string, unknown>;
  const whole = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  return whole(index) && whole(count) && whole(of) && index >= 1 && index <= count;
}

export async function fleetReportCommand(
  options: FleetReportOptions,
  ctx: CommandContext,
): Promise<CommandResult> {
  if (options.action !== 'merge') {
    throw new UsageError(`unknown fleet-report action ${JSON.stringify(options.action)}`, 'use: merge');
  }
  const merged = mergeFleetReports(options.reports.map((f) => readReport(f, ctx.cwd)));
  const format = options.format ?? 'json';
  if (format === 'json') ctx.out(renderJson(merged));
  else ctx.out((await import('../render/fleet-report')).renderFleetReport(merged, format));
  return { exitCode: ExitCode.OK };
}
