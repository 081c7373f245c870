/**
 * The plan as Terraform-like text: `+` create, `~` update, `-` delete, field by field, keys never shown.
 * Colour only when asked; the caller decides with `colorEnabled` (src/color.ts: NO_COLOR, FORCE_COLOR, TTY).
 */

import type { Plan } from '../model/plan';
import { printable } from '../model/printable';
import {
  changeSymbol,
  changeTitle,
  describeField,
  objectLabel,
  shownFields,
  summaryCounts,
} from './format-value';

export interface TextStyle {
  color: boolean;
}

const CODES = { '+': 32, '~': 33, '-': 31, bold: 1, dim: 2 } as const;

function paint(style: TextStyle, code: keyof typeof CODES, text: string): string {
  return style.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}

export function renderPlanText(plan: Plan, style: TextStyle = { color: false }): string {
  const lines: string[] = [`Target: ${plan.target}  (desired state: ${plan.desiredFile})`, ''];
  if (plan.changes.length === 0) {
    lines.push('No changes. ISE matches the desired state.');
  } else {
    lines.push('ise-duo will perform these changes, in this order:', '');
    for (const change of plan.changes) {
      const sym = changeSymbol(change);
      lines.push(`  ${paint(style, sym, sym)} ${paint(style, 'bold', changeTitle(change))}`);
      if (change.critical) lines.push(`      ${paint(style, '-', `! CRITICAL: ${change.critical}`)}`);
      for (const f of shownFields(change)) {
        lines.push(`      ${paint(style, sym, sym)} ${describeField(change, f)}`);
      }
    }
    lines.push('', `Plan: ${summaryCounts(plan.changes)}.`);
    if (plan.changes.some((c) => c.critical)) {
      lines.push(
        'Critical changes can lock administrators out; apply refuses them without --allow-critical.',
      );
    }
  }
  for (const a of plan.actions)
    lines.push(`Pending action: run identity sync "${a.name}" after apply (${a.reason}).`);
  if (plan.unmanaged.length) {
    const names = plan.unmanaged.map(objectLabel).join(', ');
    lines.push(`Not managed by this file (left alone; set prune: true to delete them): ${names}.`);
  }
  for (const note of plan.notes) lines.push(paint(style, 'dim', `Note: ${printable(note)}`));
  return `${lines.join('\n')}\n`;
}
