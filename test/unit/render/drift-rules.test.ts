/**
 * What `drift` says about MFA rules, in text and markdown: which rule (by name, service and policy set),
 * and which part of its condition differs (the plan's field path, e.g. `condition.and[1].not.value`), a rule
 * ISE holds elsewhere in its table, one missing on ISE, and a subtree that differs shown as one line.
 */
import type { DriftReport } from '../../../src/model/reports';
import { renderDriftMarkdown, renderDriftText } from '../../../src/render/drift';

const rule = (name: string) => `networkAccess/VPN Users/${name}`;

const report: DriftReport = {
  formatVersion: 1,
  target: 'https://ise.example.com',
  desiredFile: 'site.yaml',
  inSync: false,
  differences: [
    {
      kind: 'mfa-rule',
      action: 'update',
      name: rule('VPN users use Duo'),
      fields: [
        { field: 'condition.and[1].not.value', before: '10.0.10.2', after: '10.0.10.1' },
        { field: 'condition.and[2]', after: { library: 'Business-Hours', id: 'c1' } },
      ],
    },
    {
      kind: 'mfa-rule',
      action: 'move',
      name: rule('Contractors'),
      fields: [{ field: 'rank', before: 0, after: 1 }],
    },
    {
      kind: 'mfa-rule',
      action: 'update',
      name: rule('Lab'),
      critical: 'changing onFailure changes who gets in when Duo says no or cannot answer',
      fields: [
        { field: 'onFailure', before: 'ACCEPT', after: 'REJECT' },
        { field: 'rank', before: 3, after: 2 },
      ],
    },
    {
      kind: 'mfa-rule',
      action: 'create',
      name: rule('New'),
      fields: [{ field: 'condition', after: { library: 'Corp-VPN-Headends' } }],
    },
  ],
  unmanaged: [],
  notes: [],
};

const LINES = [
  'mfa-rule "VPN users use Duo" (networkAccess policy set "VPN Users"): differs',
  '    condition.and[1].not.value: ISE has "10.0.10.2", the file wants "10.0.10.1"',
  '    condition.and[2]: ISE has none, the file wants library "Business-Hours"',
  'mfa-rule "Contractors" (networkAccess policy set "VPN Users"): in another place in its policy set on ISE (rank 0 is matched first)',
  '    rank: ISE has 0, the file wants 1',
  'mfa-rule "Lab" (networkAccess policy set "VPN Users"): differs, and is in another place on ISE',
  '    onFailure: ISE has "ACCEPT", the file wants "REJECT"',
  '    rank: ISE has 3, the file wants 2',
  'mfa-rule "New" (networkAccess policy set "VPN Users"): missing on ISE',
  // Missing on ISE: what the file wants, without an "ISE has none" on every line.
  '    condition: the file wants library "Corp-VPN-Headends"',
];

test('text: each rule by name and policy set, each differing part of it on its own line', () => {
  expect(renderDriftText(report)).toBe(
    `Drift: https://ise.example.com differs from site.yaml:\n${LINES.map((l) => `  ${l}`).join('\n')}\n`,
  );
});

test('markdown: the same lines in a code block under a count', () => {
  expect(renderDriftMarkdown(report)).toBe(
    '### ise-duo drift: 4 difference(s)\n\n`https://ise.example.com` differs from `site.yaml`:\n\n' +
      `\`\`\`\n${LINES.join('\n')}\n\`\`\`\n`,
  );
});

// Audit of 2026-12-02: text drift left the notes out, so what a note explained (a look-alike name that
// stops pruning of its kind) went unseen by a scheduled check; a rejected key probe opened with "In sync".
test('notes are printed, in text and markdown', () => {
  const noted = { ...report, notes: ['ISE listed duo-connection "corp-duo" and "CORP-DUO"'] };
  expect(renderDriftText(noted)).toMatch(/\nNote: ISE listed duo-connection "corp-duo" and "CORP-DUO"\n$/);
  expect(renderDriftMarkdown(noted)).toMatch(
    /\n- Note: ISE listed duo-connection "corp-duo" and "CORP-DUO"\n$/,
  );
});

test('a configuration in sync whose keys Duo rejects does not say "In sync"', () => {
  const matched = { ...report, inSync: true, differences: [] };
  const rejected = { ...matched, credentialProbes: [{ name: 'corp-duo', ok: false, message: '' }] };
  expect(renderDriftText(matched)).toBe('In sync: https://ise.example.com matches site.yaml.\n');
  expect(renderDriftText(rejected)).toMatch(
    /^Configuration matches \(https:\/\/ise\.example\.com matches site\.yaml\), but Duo rejects keys that ISE holds:\n/,
  );
});
