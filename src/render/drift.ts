/**
 * The drift report as text and markdown: which object differs and how, told from ISE's side (what ISE has
 * against what the file wants), plus the credential probes when asked for. JSON is the report itself.
 */
import { printable, printableMarkdown } from '../model/printable';
import type { DriftDifference, DriftReport } from '../model/reports';
import type { OutputFormat } from '../runtime/context';
import { rejectedProbes, renderProbesMarkdown, renderProbesText } from './credential-probes';
import {
  changeSubject,
  describeDriftField,
  describeWantedField,
  objectLabel,
  shownFields,
} from './format-value';
import { renderJson } from './json';

/**
 * `mfaOff`: the report also says the MFA switch is off on ISE. ISE answers 403 for every Duo object then, so
 * an object the file wants was not read, and "missing" would claim what no one saw (ISE may keep them).
 */
function describeDrift(c: DriftDifference, mfaOff = false): string {
  if (c.action === 'enable') return `${objectLabel(c)} is off on ISE, the file wants it on`;
  if (c.action === 'disable') return `${objectLabel(c)} is on on ISE, the file wants it off`;
  if (c.action === 'create') {
    return mfaOff
      ? 'not read: MFA is off on ISE, which answers 403 for it then; the file wants it'
      : 'missing on ISE';
  }
  if (c.action === 'delete') return 'on ISE but not in the file (prune: true)';
  // A rule whose content matches but whose place does not: its rank line says where (ISE's 0-based rank).
  if (c.action === 'move') return 'in another place in its policy set on ISE (rank 0 is matched first)';
  return c.fields.some((f) => f.field === 'rank') ? 'differs, and is in another place on ISE' : 'differs';
}

/**
 * One line for a change a fresh plan still shows after an apply (apply's "not converged"), told from ISE's
 * side as drift tells it: `duo-connection "corp-duo": differs (description: ISE has "a", the file wants "b")`.
 * The values say what ISE kept, where it stores a value in a form of its own.
 */
export function remainingLine(c: DriftDifference): string {
  const fields = c.action === 'create' ? [] : shownFields(c).map(describeDriftField);
  return `${changeSubject(c)}: ${describeDrift(c)}${fields.length ? ` (${fields.join(', ')})` : ''}`;
}

/** Whether the report says the MFA switch is off on ISE (the file wants it on). */
const mfaOffOnIse = (report: DriftReport) => report.differences.some((c) => c.action === 'enable');

function driftLines(report: DriftReport): string[] {
  const mfaOff = mfaOffOnIse(report);
  return report.differences.flatMap((c) => [
    `${changeSubject(c)}: ${describeDrift(c, mfaOff)}`,
    ...shownFields(c).map(
      (f) => `    ${c.action === 'create' ? describeWantedField(f) : describeDriftField(f)}`,
    ),
  ]);
}

/**
 * The first line must agree with the exit code: a configuration that matches while Duo rejects the keys
 * ISE holds is not "in sync" (drift exits 2 for it).
 */
function inSyncLine(report: DriftReport): string {
  const matches = `${report.target} matches ${report.desiredFile}`;
  return rejectedProbes(report.credentialProbes).length
    ? `Configuration matches (${matches}), but Duo rejects keys that ISE holds:\n`
    : `In sync: ${matches}.\n`;
}

/**
 * Notes explain what the comparison could not settle (a name ISE lists twice stops pruning of its kind, keys
 * that could not be compared): a scheduled check must show them, or what they hide goes unseen.
 */
const noteLines = (report: DriftReport) => report.notes.map((n) => `Note: ${printable(n)}\n`).join('');

/**
 * Objects ISE holds that the file does not manage: not drift (the file leaves them alone), but a scheduled
 * check is where someone learns that a connection was added by hand in the GUI.
 */
function unmanagedLine(report: DriftReport): string {
  if (report.unmanaged.length === 0) return '';
  const names = report.unmanaged.map(objectLabel).join(', ');
  return `Also on ISE, not managed by this file (left alone, so not drift): ${names}.`;
}

export function renderDriftText(report: DriftReport): string {
  const head = report.inSync
    ? inSyncLine(report)
    : `Drift: ${report.target} differs from ${report.desiredFile}:\n${driftLines(report)
        .map((l) => `  ${l}`)
        .join('\n')}\n`;
  const unmanaged = unmanagedLine(report);
  return (
    head +
    renderProbesText(report.credentialProbes, mfaOffOnIse(report)) +
    (unmanaged ? `${unmanaged}\n` : '') +
    noteLines(report)
  );
}

export function renderDriftMarkdown(report: DriftReport): string {
  const head = report.inSync
    ? `### ise-duo drift: in sync\n\n\`${report.target}\` matches \`${report.desiredFile}\`.\n`
    : `### ise-duo drift: ${report.differences.length} difference(s)\n\n\`${report.target}\` differs from \`${report.desiredFile}\`:\n\n\`\`\`\n${driftLines(report).join('\n')}\n\`\`\`\n`;
  const unmanaged = unmanagedLine(report);
  const notes = [
    ...(unmanaged ? [printableMarkdown(unmanaged)] : []),
    ...report.notes.map((n) => `Note: ${printableMarkdown(n)}`),
  ]
    .map((line) => `- ${line}\n`)
    .join('');
  return (
    head + renderProbesMarkdown(report.credentialProbes, mfaOffOnIse(report)) + (notes ? `\n${notes}` : '')
  );
}

export function renderDriftReport(report: DriftReport, format: OutputFormat): string {
  if (format === 'json') return renderJson(report);
  return format === 'markdown' ? renderDriftMarkdown(report) : renderDriftText(report);
}
