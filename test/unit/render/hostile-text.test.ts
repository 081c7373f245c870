/**
 * Names from ISE and a saved plan's notes are text from outside (helper report of 2026-12-04): a note
 * holding `ESC[2K ESC[30A ESC[J` erased the listed changes on a terminal and printed "No changes" in their
 * place, and a note or name holding `</details>` or `<img …>` became markup in a pull-request comment.
 * Every control character is shown as its \u escape, and no tag survives in markdown.
 */
import type { Plan } from '../../../src/model/plan';
import { printable } from '../../../src/model/printable';
import type { DriftReport } from '../../../src/model/reports';
import { renderDriftMarkdown, renderDriftText } from '../../../src/render/drift';
import { renderPlanMarkdown } from '../../../src/render/plan-markdown';
import { renderPlanText } from '../../../src/render/plan-text';
import { aRenderedPlan } from '../../helpers/builders';

const ERASE = '\u001b[2K\r\u001b[30A\u001b[J\rNo changes. ISE matches the desired state.';
const CSI = '\u009b31m';
const TAGS = 'x\n</details>\n\n## Approved by security <img src=https://evil.example/p.png>';
const NAME = `hand\u001b[8mmade<script>`;

const plan = aRenderedPlan({
  changes: [{ kind: 'duo-connection', action: 'delete', name: NAME, fields: [], critical: 'deletes it' }],
  unmanaged: [{ kind: 'identity-sync', name: NAME }],
  notes: [ERASE, CSI, TAGS],
} as unknown as Partial<Plan>);

const drift: DriftReport = {
  formatVersion: 1,
  target: 'https://ise.example.com',
  desiredFile: 'site.yaml',
  inSync: false,
  differences: [{ kind: 'duo-connection', action: 'delete', name: NAME, fields: [] }],
  unmanaged: [],
  notes: [ERASE, TAGS],
};

const RENDERINGS: Record<string, string> = {
  'plan text': renderPlanText(plan),
  'plan markdown': renderPlanMarkdown(plan),
  'drift text': renderDriftText(drift),
  'drift markdown': renderDriftMarkdown(drift),
};

test.each(Object.entries(RENDERINGS))('%s: no control character but line ends, shown escaped', (_n, text) => {
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(text).toContain('\\u001b[2K\\u000d\\u001b[30A');
  expect(text).toContain('hand\\u001b[8mmade');
});

test.each(['plan markdown', 'drift markdown'])('%s: no HTML tag from a name or note', (name) => {
  // Outside fenced blocks: markdown shows a fenced block's text as it is, tags included.
  const md = RENDERINGS[name]!.replace(/```[\s\S]*?```/g, '');
  expect(md).not.toMatch(/<(script|img|\/details)/);
  expect(md).toContain('&lt;img src=');
});

test('printable leaves ordinary text alone', () => {
  const text = 'Duo for VPN — "corp" [ise-duo keys=1a2b] ünïcode\ttab';
  expect(printable(text)).toBe(text.replace('\t', '\\u0009'));
});
