/**
 * Objects ISE holds that the file does not manage (prune: false) are not drift, and drift exits 0 for them;
 * but the scheduled check is where someone learns that a connection was added by hand in the GUI, so text
 * and markdown name them, in sync or not. Rules are named as everywhere else (name, service, policy set),
 * in the plan's list of them too.
 */
import type { DriftReport } from '../../../src/model/reports';
import { renderDriftMarkdown, renderDriftText } from '../../../src/render/drift';
import { renderPlanMarkdown } from '../../../src/render/plan-markdown';
import { renderPlanText } from '../../../src/render/plan-text';
import { aRenderedPlan } from '../../helpers/builders';

const inSync: DriftReport = {
  formatVersion: 1,
  target: 'https://ise.example.com',
  desiredFile: 'site.yaml',
  inSync: true,
  differences: [],
  unmanaged: [
    { kind: 'duo-connection', name: 'hand-made' },
    { kind: 'mfa-rule', name: 'deviceAdmin/Routers/Old rule' },
  ],
  notes: [],
};

const LINE =
  'Also on ISE, not managed by this file (left alone, so not drift): duo-connection "hand-made", ' +
  'mfa-rule "Old rule" (deviceAdmin policy set "Routers").';

test('text names them after the in-sync line', () => {
  expect(renderDriftText(inSync)).toBe(`In sync: https://ise.example.com matches site.yaml.\n${LINE}\n`);
});

test('markdown lists them with the notes', () => {
  const md = renderDriftMarkdown({ ...inSync, notes: ['a note'] });
  expect(md).toContain(`\n- ${LINE}\n- Note: a note\n`);
});

test('nothing unmanaged: no such line', () => {
  const none = { ...inSync, unmanaged: [] };
  expect(renderDriftText(none)).toBe('In sync: https://ise.example.com matches site.yaml.\n');
  expect(renderDriftMarkdown(none)).not.toContain('not managed');
});

test('the plan names them the same way', () => {
  const plan = aRenderedPlan({ unmanaged: inSync.unmanaged });
  const both = 'duo-connection "hand-made", mfa-rule "Old rule" (deviceAdmin policy set "Routers")';
  expect(renderPlanText(plan)).toContain(`(left alone; set prune: true to delete them): ${both}.`);
  expect(renderPlanMarkdown(plan)).toContain(`- Not managed by this file (left alone): ${both}`);
});
