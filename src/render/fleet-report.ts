/**
 * A JSON fleet report read back (`fleet-report merge --format markdown|text`): the fleet's table and each
 * target's block, rendered again from the target's own report (a plan, a drift report, an apply report) by
 * the renderer its command uses, so a merged sharded drift reads as one whole fleet's drift would. A JSON
 * report holds an error as its text only: the table shows its first line.
 */

import type { Plan } from '../model/plan';
import type { ApplyReport, DriftReport, FleetCommand, FleetReport } from '../model/reports';
import { renderApplyMarkdown, renderApplyText } from './apply-report';
import { renderDriftMarkdown, renderDriftText } from './drift';
import { type FleetRow, renderFleetMarkdown, renderFleetText } from './fleet';
import { renderPlanMarkdown } from './plan-markdown';
import { renderPlanText } from './plan-text';

type Target = FleetReport['targets'][number];

const RENDER: Record<FleetCommand, Record<'markdown' | 'text', (report: unknown) => string>> = {
  plan: { markdown: (r) => renderPlanMarkdown(r as Plan), text: (r) => renderPlanText(r as Plan) },
  drift: {
    markdown: (r) => renderDriftMarkdown(r as DriftReport),
    text: (r) => renderDriftText(r as DriftReport),
  },
  apply: {
    markdown: (r) => renderApplyMarkdown(r as ApplyReport),
    text: (r) => renderApplyText((r as ApplyReport).result),
  },
};

/** The error's first line, without its `error: ` prefix, cut as the live table cuts it. */
function errorCell(error: string): string {
  const first = (error.split('\n')[0] ?? '').replace(/^error: /, '');
  return `error: ${first.length > 90 ? `${first.slice(0, 87)}...` : first}`;
}

function rowOf(command: FleetCommand, format: 'markdown' | 'text', t: Target): FleetRow {
  return {
    file: t.file,
    target: t.target,
    changes: t.changes === null ? '-' : String(t.changes),
    result: t.error ? errorCell(t.error) : t.result,
    output: t.report === undefined ? '' : RENDER[command][format](t.report),
    ...(t.error ? { error: t.error } : {}),
  };
}

export function renderFleetReport(report: FleetReport, format: 'markdown' | 'text'): string {
  const rows = report.targets.map((t) => rowOf(report.command, format, t));
  const head = `Fleet exit code ${report.exitCode}.`;
  return format === 'markdown'
    ? `${renderFleetMarkdown(report.command, rows, report.shard)}\n${head}\n`
    : `${renderFleetText(rows, report.shard)}${head}\n`;
}
