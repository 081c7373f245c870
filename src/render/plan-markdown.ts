/**
 * The plan as a pull-request comment: a heading with the counts, a table of changes, and the field diffs in a
 * fenced `diff` block so that GitHub and GitLab colour them.
 */

import type { Plan } from '../model/plan';
import { printable, printableMarkdown } from '../model/printable';
import {
  changeSymbol,
  changeTitle,
  describeField,
  objectLabel,
  shownFields,
  summaryCounts,
} from './format-value';
import { tableCell } from './markdown-safe';

/** A table cell: no `|` that would end it, no HTML tag a name could bring. */

export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [`### ise-duo plan for \`${plan.target}\``, ''];
  if (plan.changes.length === 0) {
    out.push('**No changes.** ISE matches `' + plan.desiredFile + '`.');
  } else {
    out.push(`**${summaryCounts(plan.changes)}** from \`${plan.desiredFile}\``, '');
    out.push('| # | Change | Critical |', '|---|---|---|');
    plan.changes.forEach((c, i) => {
      out.push(
        `| ${i + 1} | ${tableCell(changeTitle(c))} | ${c.critical ? `⚠️ ${tableCell(c.critical)}` : ''} |`,
      );
    });
    out.push('', ...planDiffBlock(plan));
  }
  const extras = [
    ...plan.actions.map(
      (a) => `- Pending action: run identity sync \`${printable(a.name)}\` after apply (${a.reason}).`,
    ),
    ...(plan.unmanaged.length
      ? [
          `- Not managed by this file (left alone): ${printableMarkdown(plan.unmanaged.map(objectLabel).join(', '))}`,
        ]
      : []),
    ...plan.notes.map((n) => `- Note: ${printableMarkdown(n)}`),
  ];
  if (extras.length) out.push('', ...extras);
  out.push('', `<sub>plan checksum \`${plan.checksum.slice(0, 16)}\`</sub>`);
  return `${out.join('\n')}\n`;
}

/** The plan's changes and field diffs as a fenced `diff` block (GitHub and GitLab colour it). */
export function planDiffBlock(plan: Plan): string[] {
  const out = ['```diff'];
  for (const c of plan.changes) {
    const sym = changeSymbol(c);
    out.push(`${sym} ${changeTitle(c)}`);
    for (const f of shownFields(c)) out.push(`${sym}     ${describeField(c, f)}`);
  }
  out.push('```');
  return out;
}
