/**
 * Drift while MFA is off on ISE (helper report of 2026-12-04): ISE answers 403 for every Duo object then, so
 * the objects the file wants were never read. They were listed as "missing on ISE" beside a note saying
 * they could not be read, and an apply then found ISE holding them.
 */
import type { DriftReport } from '../../../src/model/reports';
import { renderDriftMarkdown, renderDriftText } from '../../../src/render/drift';

const wanted = (mfaOff: boolean): DriftReport => ({
  formatVersion: 1,
  target: 'https://ise.example.com',
  desiredFile: 'site.yaml',
  inSync: false,
  differences: [
    ...(mfaOff ? [{ kind: 'mfa' as const, action: 'enable' as const, name: 'mfa', fields: [] }] : []),
    {
      kind: 'duo-connection',
      action: 'create',
      name: 'lab-duo',
      fields: [{ field: 'description', after: 'Lab' }],
    },
  ],
  unmanaged: [],
  notes: mfaOff
    ? ['MFA is off on ISE, so its identity syncs and Duo connections could not be read; none are assumed.']
    : [],
});

test.each([renderDriftText, renderDriftMarkdown])(
  'MFA off: an object the file wants is "not read", not "missing"',
  (render) => {
    const text = render(wanted(true));
    expect(text).toContain(
      'duo-connection "lab-duo": not read: MFA is off on ISE, which answers 403 for it then',
    );
    expect(text).not.toContain('missing on ISE');
  },
);

test('MFA on: the same object is missing on ISE', () => {
  expect(renderDriftText(wanted(false))).toContain('duo-connection "lab-duo": missing on ISE');
});

// Helper report of 2026-12-04: with MFA off, --probe-credentials said no connection of the file was on ISE.
test('MFA off, probes asked for: says why no key was tested, in text and markdown', () => {
  const report = { ...wanted(true), credentialProbes: [] };
  expect(renderDriftText(report)).toContain(
    'Credential probes: MFA is off on ISE, so its Duo connections cannot be read or tested; no key was tested.',
  );
  expect(renderDriftMarkdown(report)).toMatch(/#### Credential probes: none tested\n\n- MFA is off on ISE/);
  expect(renderDriftText({ ...wanted(false), credentialProbes: [] })).toContain(
    'Credential probes: no connection of the file is on ISE to test.',
  );
});
