/**
 * The apply report: what was applied, what failed and why, and what was not attempted.
 */
import type { AppliedChange, ApplyReport, ApplyResult, ChangeRef } from '../model/reports';
import type { OutputFormat } from '../runtime/context';
import { objectLabel, summaryCounts } from './format-value';
import { renderJson } from './json';
import { tableCell } from './markdown-safe';
import { planDiffBlock } from './plan-markdown';
import { describeResult } from './sync-progress';

const label = (c: ChangeRef) => `${c.action} ${objectLabel(c)}`;

/** What a re-read found, and who made it as far as ISE's answer tells (see `src/executor/confirm.ts`). */
function rereadNote(c: AppliedChange): string {
  if (!c.confirmedByReread) return '';
  if (c.madeBy === 'kept-while-off') {
    return ' (ISE already held it: kept while MFA was off, where the plan could not see it; it is as planned)';
  }
  if (c.madeBy === 'another-writer') {
    return c.action === 'delete'
      ? " (ISE refused this run's delete: another writer deleted it meanwhile)"
      : " (ISE refused this run's write: another writer made it meanwhile; ISE holds it as planned)";
  }
  return ' (its answer was lost or an error; a re-read shows ISE holds it as planned, but cannot tell whether this run or another writer made it)';
}

function rereadCell(c: AppliedChange): string {
  if (!c.confirmedByReread) return '';
  const who =
    c.madeBy === 'kept-while-off'
      ? '; kept by ISE while MFA was off'
      : c.madeBy === 'another-writer'
        ? '; made by another writer'
        : '; by this run or another: cannot tell';
  return ` (confirmed by re-read${c.madeBy ? who : ''})`;
}

export function renderApplyText(result: ApplyResult): string {
  const lines: string[] = [];
  for (const c of result.applied) lines.push(`  ✓ ${label(c)}${rereadNote(c)}`);
  const failures = result.failed ? [result.failed, ...(result.alsoFailed ?? [])] : [];
  for (const f of failures) {
    lines.push(`  ✗ ${label(f)}: ${f.error}`);
    if (f.explanation && !f.error.includes(f.explanation)) lines.push(`      ${f.explanation}`);
  }
  const interrupted = result.status === 'interrupted';
  for (const c of result.notApplied) {
    lines.push(`  · not applied${interrupted ? ' (interrupted)' : ''}: ${label(c)}`);
  }
  if (failures.some((f) => f.outcomeUnknown)) {
    lines.push('  ! the failed write may have taken effect on ISE: run `ise-duo plan` to see what ISE holds');
  }
  const head =
    result.status === 'failed'
      ? `Apply stopped: ${result.applied.length} applied, ${failures.length} failed, ${result.notApplied.length} not applied.`
      : interrupted
        ? `Apply interrupted: ${result.applied.length} applied, ${result.notApplied.length} not sent after the signal.`
        : `Apply complete: ${result.applied.length} change(s) applied.`;
  return `${[head, ...lines].join('\n')}\n`;
}

/**
 * The apply as a pull-request or merge-request comment: the result of each change, what the convergence
 * check still found (or why it could not run), and the applied plan's diffs folded away below.
 */
export function renderApplyMarkdown(report: ApplyReport): string {
  const { result, plan } = report;
  if (result.status === 'nothing-to-do') {
    const head = `### ise-duo apply for \`${report.target}\`: no changes\n\n**No changes.** ISE matches \`${plan.desiredFile}\`.\n`;
    const runs = syncRunRows(report);
    return runs.length ? `${head}\n${runs.join('\n')}\n` : head;
  }
  const head = `### ise-duo apply for \`${report.target}\`: ${result.status}`;
  const rows = [
    ...result.applied.map((c) => `| ${label(c)} | applied${rereadCell(c)} |`),
    ...(result.failed ? [result.failed, ...(result.alsoFailed ?? [])] : []).map(
      (f) => `| ${label(f)} | **failed**: ${tableCell(f.error)} |`,
    ),
    ...result.notApplied.map(
      (c) => `| ${label(c)} | not applied${result.status === 'interrupted' ? ' (interrupted)' : ''} |`,
    ),
  ];
  const after = report.notVerified
    ? [`**Not verified**: ${report.notVerified}`, '']
    : report.remaining.length
      ? ['**Not converged**: a fresh plan still shows', ...report.remaining.map((r) => `- ${r}`), '']
      : result.status === 'applied'
        ? ['Converged: a fresh plan shows no changes.', '']
        : [];
  const planned = [
    `<details><summary>The plan: ${summaryCounts(plan.changes)}</summary>`,
    '',
    ...planDiffBlock(plan),
    '',
    '</details>',
  ];
  const table = ['| Change | Result |', '|---|---|', ...rows];
  const runs = syncRunRows(report);
  return `${[head, '', ...table, '', ...after, ...(runs.length ? [...runs, ''] : []), ...planned].join('\n')}\n`;
}

/** The sync runs the plan asked for, as they ended (or why they did not start), as table rows. */
function syncRunRows(report: ApplyReport): string[] {
  if (!report.syncRuns?.length) return [];
  const owed = ' (**owed**: no later apply starts it; `ise-duo sync` does)';
  return [
    '| Identity sync run | Result |',
    '|---|---|',
    ...report.syncRuns.map(
      (r) => `| ${tableCell(r.name)} | ${tableCell(describeResult(r))}${r.owed ? owed : ''} |`,
    ),
  ];
}

export function renderApplyReport(report: ApplyReport, format: OutputFormat): string {
  if (format === 'json') return renderJson(report);
  return format === 'markdown' ? renderApplyMarkdown(report) : renderApplyText(report.result);
}

/** What apply says on stderr as it goes: beside the report, never in it (stdout may be a JSON report). */
export const applyNotices = {
  /** On the first signal, while a write may be in flight. */
  interrupting: () =>
    'Interrupting: the write in flight finishes, no new write is sent; interrupt again to exit at once.\n',
  /** On a second signal, which exits at once: what reached ISE, since no report will be printed. */
  forcedExit(file: string, url: string, sent: readonly string[]): string {
    const head = `Forced exit (second interrupt) while applying ${file} to ${url}`;
    if (!sent.length) return `${head}: nothing was sent to ISE.\n`;
    return `${head}. Sent to ISE:\n${sent.map((l) => `  ${l}\n`).join('')}`;
  },
  interrupted: (applied: number) =>
    `Interrupted: no write was sent after the signal; ${appliedCount(applied)}.\n`,
  notVerified: (applied: number, why: string) =>
    `error: ISE was changed (${appliedCount(applied)}), but the convergence check failed: ${why}\n`,
  converged: () => 'Converged: a fresh plan shows no changes.\n',
};

export const appliedCount = (applied: number) => `${applied} change(s) applied`;
