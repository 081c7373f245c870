/**
 * Fleet output: each target's own output grouped under its name, then one summary table (target, changes,
 * result). Markdown makes one pull-request comment for the whole fleet; JSON one report. Failed targets are
 * shown from their error's parts (`ErrorParts`): the long form in the target's block, the short form in the
 * table, without parsing one back out of the other.
 */
import type { FleetCommand, FleetReport, FleetShard, FleetTargetResult } from '../model/reports';
import type { OutputFormat } from '../runtime/context';
import { renderErrorLines, renderErrorShort } from './error';
import { renderJson } from './json';
import { codeFence, codeSpan, htmlText, tableCell } from './markdown-safe';

const changesCell = (r: FleetTargetResult) => (r.changes === null ? '-' : String(r.changes));
const resultCell = (r: FleetTargetResult) => (r.error ? `error: ${renderErrorShort(r.error)}` : r.result);
const errorText = (r: FleetTargetResult) => (r.error ? renderErrorLines(r.error).join('\n') : '');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '))
    .join('\n');
}

const shardLine = (shard: FleetShard | undefined, targets: number) =>
  shard ? `shard ${shard.index}/${shard.count}: ${targets} of ${shard.of} targets` : '';

/** One target as the fleet's text and markdown show it: a table row and a block of its own output. */
export interface FleetRow {
  file: string;
  target?: string;
  changes: string;
  /** The table's result cell: one line. */
  result: string;
  /** What the target printed. */
  output: string;
  /** Why it failed, as the user reads an error; absent when it did not. */
  error?: string;
}

const rowOf = (r: FleetTargetResult): FleetRow => ({
  file: r.file,
  target: r.target,
  changes: changesCell(r),
  result: resultCell(r),
  output: r.output,
  ...(r.error ? { error: errorText(r) } : {}),
});

export function renderFleetText(rows: FleetRow[], shard?: FleetShard): string {
  const blocks = rows.map((r) => {
    const heading = `=== ${r.file}${r.target ? ` (${r.target})` : ''} ===`;
    const body = [r.output.trimEnd(), r.error ?? ''].filter(Boolean).join('\n');
    return `${heading}\n${body}\n`;
  });
  const table_ = [['TARGET', 'CHANGES', 'RESULT'], ...rows.map((r) => [r.file, r.changes, r.result])];
  const footer = shard ? `${shardLine(shard, rows.length)}\n` : '';
  return `${blocks.join('\n')}\n${table(table_)}\n${footer}`;
}

export function renderFleetMarkdown(command: string, rows: FleetRow[], shard?: FleetShard): string {
  const cells = rows.map(
    (r) => `| ${codeSpan(r.file).replace(/\|/g, '\\|')} | ${r.changes} | ${tableCell(r.result)} |`,
  );
  const details = rows.map((r) => {
    const body = r.error !== undefined ? codeFence(r.error) : r.output.trim();
    return `<details><summary><code>${htmlText(r.file)}</code>: ${htmlText(r.result)}</summary>\n\n${body}\n\n</details>`;
  });
  const part = shard ? ` (${shardLine(shard, rows.length)})` : '';
  return `### ise-duo ${command}: ${rows.length} targets${part}\n\n| Target | Changes | Result |\n|---|---|---|\n${cells.join('\n')}\n\n${details.join('\n\n')}\n`;
}

function fleetReport(command: FleetCommand, exitCode: number, results: FleetTargetResult[]): FleetReport {
  return {
    formatVersion: 1,
    command,
    exitCode,
    targets: results.map(({ output: _o, error, ...r }) =>
      error ? { ...r, error: renderErrorLines(error).join('\n') } : r,
    ),
  };
}

/** The fleet's one result in the format asked for; JSON is the report a shard posts and `fleet-report` merges. */
export function renderFleetResult(
  command: FleetCommand,
  exitCode: number,
  results: FleetTargetResult[],
  format: OutputFormat,
  shard?: FleetShard,
): string {
  if (format === 'json') {
    const report = fleetReport(command, exitCode, results);
    if (shard) report.shard = shard;
    return renderJson(report);
  }
  const rows = results.map(rowOf);
  return format === 'markdown' ? renderFleetMarkdown(command, rows, shard) : renderFleetText(rows, shard);
}

/**
 * The fleet's one line on stderr at the first signal. Each target's own notice goes into its output, which
 * is printed with the fleet's result at the end, so without this line a terminal showed nothing until then.
 */
export function fleetInterruptingNotice(command: 'plan' | 'apply' | 'drift'): string {
  const what =
    command === 'apply'
      ? 'each write in flight finishes, no new write is sent and no further target is started'
      : 'the reads stop and no further target is started';
  return `Interrupting the fleet ${command}: ${what}; interrupt again to exit at once.\n`;
}
