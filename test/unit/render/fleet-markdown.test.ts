/**
 * The fleet's markdown report holds file names and error messages, text from outside (helper report of
 * 2026-12-04): a `|` in a file name split the table row, a backtick broke its code span, and a quoted value
 * holding `</summary>` closed the details' summary early. Each now stays inside its cell, span or element.
 */
import type { FleetTargetResult } from '../../../src/model/reports';
import { renderFleetResult } from '../../../src/render/fleet';

const odd: FleetTargetResult = {
  file: 'sites/b`a|d.yaml',
  exitCode: 1,
  result: 'error',
  changes: null,
  error: {
    code: 'config',
    message: 'rule name "x</summary><img src=x>" | not allowed ``` here',
  },
  output: '',
};
const fine: FleetTargetResult = {
  file: 'sites/ok.yaml',
  exitCode: 0,
  result: 'no changes',
  changes: 0,
  output: 'ok',
};

const md = renderFleetResult('plan', 1, [odd, fine], 'markdown');

test('each target is one table row of three cells, its name whole in its code span', () => {
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Target'));
  expect(rows).toHaveLength(2);
  // Cells split on pipes that are not escaped.
  const cells = rows[0].split(/(?<!\\)\|/).slice(1, -1);
  expect(cells).toHaveLength(3);
  expect(cells[0].trim()).toBe('``sites/b`a\\|d.yaml``');
});

test('no text of a target opens or closes an HTML element, and the error block stays one block', () => {
  const summaries = md.match(/<summary>[\s\S]*?<\/summary>/g) ?? [];
  expect(summaries).toHaveLength(2);
  expect(summaries[0]).toContain('&lt;/summary&gt;&lt;img src=x&gt;');
  // Only inside the fenced block, where markdown shows text as it is, may the message keep its `<img`.
  const outsideFences = md.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '');
  expect(outsideFences).not.toContain('<img');
  expect(outsideFences.match(/<\/summary>/g)).toHaveLength(2);
  const fence = md.match(/^(`{3,})$/m)?.[1];
  expect(fence?.length).toBeGreaterThan(3); // longer than the ``` inside the message
});
