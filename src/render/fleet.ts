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

const shardLine = (shard: FleetShard | undefined, results: FleetTargetResult[]) =>
  shard ? `shard ${shard.index}/${shard.count}: ${results.length} of ${shard.of} targets` : '';

function renderFleetText(results: FleetTargetResult[], shard?: FleetShard): string {
  const blocks = results.map((r) => {
    const heading = `=== ${r.file}${r.target ? ` (${r.target})` : ''} ===`;
    const body = [r.output.trimEnd(), errorText(r)].filter(Boolean).join('\n');
    return `${heading}\n${body}\n`;
  });
  const rows = [
    ['TARGET', 'CHANGES', 'RESULT'],
    ...results.map((r) => [r.file, changesCell(r), resultCell(r)]),
  ];
  const footer = shard ? `${shardLine(shard, results)}\n` : '';
  return `${blocks.join('\n')}\n${table(rows)}\n${footer}`;
}

function renderFleetMarkdown(command: string, results: FleetTargetResult[], shard?: FleetShard): string {
  const rows = results.map(
    (r) => `| ${codeSpan(r.file).replace(/\|/g, '\\|')} | ${changesCell(r)} | ${tableCell(resultCell(r))} |`,
  );
  const details = results.map((r) => {
    const body = r.error ? codeFence(errorText(r)) : r.output.trim();
    return `<details><summary><code>${htmlText(r.file)}</code>: ${htmlText(resultCell(r))}</summary>\n\n${body}\n\n</details>`;
  });
  const part = shard ? ` (${shardLine(shard, results)})` : '';
  return `### ise-duo ${command}: ${results.length} targets${part}\n\n| Target | Changes | Result |\n|---|---|---|\n${rows.join('\n')}\n\n${details.join('\n\n')}\n`;
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
  if (format === 'markdown') return renderFleetMarkdown(command, results, shard);
  return renderFleetText(results, shard);
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
