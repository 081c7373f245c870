/**
 * Fleet output: each target's own output grouped under its name, then one summary table (target, changes,
 * result). Markdown makes one pull-request comment for the whole fleet; JSON one report.
 */
import type { FleetTargetResult } from './run-fleet';

export interface FleetReport {
  formatVersion: 1;
  command: 'plan' | 'apply' | 'drift';
  exitCode: number;
  targets: Array<Omit<FleetTargetResult, 'output'>>;
}

const changesCell = (r: FleetTargetResult) => (r.changes === null ? '-' : String(r.changes));
/** The first line of an error, without the file prefix the table already shows, cut to fit a table. */
function shortError(r: FleetTargetResult): string {
  const first = (r.error ?? '')
    .split('\n')[0]
    .replace(/^.*?: (error|internal error): /, '')
    .replace(/^error: /, '');
  return first.length > 90 ? `${first.slice(0, 87)}...` : first;
}
const resultCell = (r: FleetTargetResult) => (r.error ? `error: ${shortError(r)}` : r.result);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '))
    .join('\n');
}

export function renderFleetText(results: FleetTargetResult[]): string {
  const blocks = results.map((r) => {
    const heading = `=== ${r.file}${r.target ? ` (${r.target})` : ''} ===`;
    const body = [r.output.trimEnd(), r.error ?? ''].filter(Boolean).join('\n');
    return `${heading}\n${body}\n`;
  });
  const rows = [
    ['TARGET', 'CHANGES', 'RESULT'],
    ...results.map((r) => [r.file, changesCell(r), resultCell(r)]),
  ];
  return `${blocks.join('\n')}\n${table(rows)}\n`;
}

export function renderFleetMarkdown(command: string, results: FleetTargetResult[]): string {
  const rows = results.map(
    (r) => `| \`${r.file}\` | ${changesCell(r)} | ${resultCell(r).replace(/\|/g, '\\|')} |`,
  );
  const details = results.map((r) => {
    const body = r.error ? `\`\`\`\n${r.error}\n\`\`\`` : r.output.trim();
    return `<details><summary><code>${r.file}</code>: ${resultCell(r)}</summary>\n\n${body}\n\n</details>`;
  });
  return `### ise-duo ${command}: ${results.length} targets\n\n| Target | Changes | Result |\n|---|---|---|\n${rows.join('\n')}\n\n${details.join('\n\n')}\n`;
}

export function fleetReport(
  command: FleetReport['command'],
  exitCode: number,
  results: FleetTargetResult[],
): FleetReport {
  return { formatVersion: 1, command, exitCode, targets: results.map(({ output: _o, ...r }) => r) };
}
