/**
 * Table-driven checks of the invalid fixtures (one rule per file; the exact issues of each are kept in
 * test/fixtures/invalid/expected.json), the valid fixtures, and the shipped examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDesiredState } from '../../../src/desired/load';
import type { Issue } from '../../../src/errors';
import { EXAMPLES_DIR, INVALID_DIR, TEST_ENV, VALID_DIR } from './helpers';

type Expected = Pick<Issue, 'line' | 'column' | 'severity' | 'pointer' | 'message'>;

const expected = JSON.parse(readFileSync(join(INVALID_DIR, 'expected.json'), 'utf8')) as Record<
  string,
  Expected[]
>;
const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
const invalidFiles = yamlFiles(INVALID_DIR);

describe('invalid fixtures', () => {
  it('has at least 30 fixtures, each with expectations, and no stale expectations', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(invalidFiles);
  });

  it.each(invalidFiles)('%s: reports exactly the expected issues', async (name) => {
    const result = await loadDesiredState(join(INVALID_DIR, name), TEST_ENV);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got = result.issues.map(({ line, column, severity, pointer, message }) => ({
      line,
      column,
      severity,
      pointer,
      message,
    }));
    expect(got).toEqual(expected[name]);
    expect(result.issues.every((issue) => issue.file === join(INVALID_DIR, name))).toBe(true);
  });
});

describe('valid fixtures', () => {
  it.each(yamlFiles(VALID_DIR))('%s: loads', async (name) => {
    const result = await loadDesiredState(join(VALID_DIR, name), TEST_ENV);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('reports an identity sync that no connection uses as a warning, not an error', async () => {
    const result = await loadDesiredState(join(VALID_DIR, 'unused-sync-warning.yaml'), TEST_ENV);
    expect(result.ok && result.warnings).toEqual([
      {
        file: join(VALID_DIR, 'unused-sync-warning.yaml'),
        line: 10,
        column: 11,
        pointer: '/identitySyncs/1/name',
        severity: 'warning',
        message:
          'identity sync "lab-ad" is not used by any Duo connection; ISE pushes its users to Duo only through a connection that names it',
      },
    ]);
  });
});

describe('examples', () => {
  const examples = yamlFiles(EXAMPLES_DIR);

  it('ships minimal, full and mfa-off', () => {
    expect(examples).toEqual(expect.arrayContaining(['full.yaml', 'mfa-off.yaml', 'minimal.yaml']));
  });

  it.each(examples)(
    '%s: validates with no errors or warnings, and names the schema for editors',
    async (name) => {
      const path = join(EXAMPLES_DIR, name);
      const result = await loadDesiredState(path, TEST_ENV);
      expect(result.ok ? result.warnings : result.issues).toEqual([]);
      expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../schemas/ise-duo.schema.json',
      );
    },
  );

  it('minimal.yaml targets the simulator seed: CORP_AD, its two groups, one connection', async () => {
    const result = await loadDesiredState(join(EXAMPLES_DIR, 'minimal.yaml'), TEST_ENV);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { desired } = result;
    expect(desired.target.url).toBeUndefined();
    expect(desired.identitySyncs).toEqual([
      {
        name: 'corp-ad',
        activeDirectories: [{ name: 'CORP_AD' }],
        adGroups: [
          { source: 'CORP_AD', name: 'corp.example.com/Users/Network Admins' },
          { source: 'CORP_AD', name: 'corp.example.com/Users/VPN Users' },
        ],
        schedule: null,
      },
    ]);
    expect(desired.duoConnections.map((c) => [c.name, c.identitySync, c.types, c.apiHostName])).toEqual([
      ['corp-duo', 'corp-ad', ['TACACS', 'VPN'], 'api-1a2b3c4d.duosecurity.com'],
    ]);
  });

  it('full.yaml has several syncs and connections, a schedule, LAB_AD and prune', async () => {
    const result = await loadDesiredState(join(EXAMPLES_DIR, 'full.yaml'), TEST_ENV);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { desired } = result;
    expect(desired.prune).toBe(true);
    expect(desired.identitySyncs.length).toBeGreaterThan(1);
    expect(desired.duoConnections.length).toBeGreaterThan(1);
    expect(desired.identitySyncs.some((s) => s.schedule !== null)).toBe(true);
    expect(desired.identitySyncs.flatMap((s) => s.adGroups)).toContainEqual({
      source: 'LAB_AD',
      name: 'lab.example.com/Users/Lab Admins',
    });
  });

  it('mfa-off.yaml turns MFA off and declares nothing', async () => {
    const result = await loadDesiredState(join(EXAMPLES_DIR, 'mfa-off.yaml'), TEST_ENV);
    expect(
      result.ok && [result.desired.mfa.enabled, result.desired.identitySyncs, result.desired.duoConnections],
    ).toEqual([false, [], []]);
  });
});
