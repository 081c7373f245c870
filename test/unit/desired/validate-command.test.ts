/** The `validate` command in-process: output formats, exit codes, folders, and paths shown as given. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '../../../src/commands/validate';
import { silentLogger } from '../../../src/logger';
import type { CommandContext } from '../../../src/runtime/context';
import { INVALID_DIR, REPO, TEST_ENV, VALID_DIR } from './helpers';

function context(cwd: string): { ctx: CommandContext; out: () => string } {
  let out = '';
  const ctx: CommandContext = {
    out: (text) => {
      out += text;
    },
    err: () => {
      throw new Error('validate writes its report to out only');
    },
    logger: silentLogger(),
    env: TEST_ENV,
    cwd,
    isTTY: false,
  };
  return { ctx, out: () => out };
}

describe('validate command', () => {
  it('prints a one-line summary per valid file and exits 0', async () => {
    const { ctx, out } = context(REPO);
    const result = await validate(
      { files: ['examples/minimal.yaml', 'examples/mfa-off.yaml'], format: 'text' },
      ctx,
    );
    expect(result.exitCode).toBe(0);
    expect(out()).toBe(
      'examples/minimal.yaml: valid (MFA on, 1 identity sync, 1 Duo connection, 1 MFA rule in 1 policy set)\n' +
        'examples/mfa-off.yaml: valid (MFA off, 0 identity syncs, 0 Duo connections, prune on)\n',
    );
  });

  it('prints file:line:col: error: message for each problem and exits 1', async () => {
    const { ctx, out } = context(join(REPO, 'test/fixtures'));
    const result = await validate(
      { files: ['invalid/unknown-key-top-level.yaml', 'invalid/mfa-off-with-objects.yaml'], format: 'text' },
      ctx,
    );
    expect(result.exitCode).toBe(1);
    expect(out().split('\n')).toEqual([
      'invalid/unknown-key-top-level.yaml:17:1: error: unknown key "prunee" in the top level; allowed keys: version, ise, mfa, identitySyncs, duoConnections, mfaPolicies, prune',
      'invalid/mfa-off-with-objects.yaml:6:3: error: "identitySyncs" must be empty while "mfa.enabled" is false (ISE keeps no Duo objects with MFA off); set "enabled: true", or remove them',
      'invalid/mfa-off-with-objects.yaml:11:3: error: "duoConnections" must be empty while "mfa.enabled" is false (ISE keeps no Duo objects with MFA off); set "enabled: true", or remove them',
      '',
    ]);
  });

  it('exits 0 for warnings alone, printing them before the summary', async () => {
    const { ctx, out } = context(VALID_DIR);
    const result = await validate({ files: ['unused-sync-warning.yaml'], format: 'text' }, ctx);
    expect(result.exitCode).toBe(0);
    expect(out()).toBe(
      'unused-sync-warning.yaml:10:11: warning: identity sync "lab-ad" is not used by any Duo connection; ISE pushes its users to Duo only through a connection that names it\n' +
        'unused-sync-warning.yaml: valid (MFA on, 2 identity syncs, 1 Duo connection)\n',
    );
  });

  it('prints issues as a JSON array with --format json', async () => {
    const { ctx, out } = context(INVALID_DIR);
    const result = await validate({ files: ['types-not-allowed.yaml', 'missing.yaml'], format: 'json' }, ctx);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(out())).toEqual([
      {
        file: 'types-not-allowed.yaml',
        line: 13,
        column: 18,
        pointer: '/duoConnections/0/types/1',
        message: '"types" item "SSH" is not allowed; use one of: VPN, TACACS',
        severity: 'error',
      },
      { file: 'missing.yaml', line: 0, column: 0, pointer: '', message: 'file not found', severity: 'error' },
    ]);
  });

  it('prints an empty JSON array for valid files', async () => {
    const { ctx, out } = context(REPO);
    const result = await validate({ files: ['examples/minimal.yaml'], format: 'json' }, ctx);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(out())).toEqual([]);
  });

  it('warns, and still passes, for a caFile that is not there (the CA may be mounted only where ise-duo runs)', async () => {
    const { ctx, out } = context(REPO);
    const result = await validate({ files: ['examples/full.yaml'], format: 'json' }, ctx);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(out())).toEqual([
      expect.objectContaining({ line: 17, pointer: '/ise/caFile', severity: 'warning' }),
    ]);
  });

  it('expands a folder into its .yaml and .yml files, in name order', async () => {
    const fleet = mkdtempSync(join(tmpdir(), 'ise-duo-fleet-'));
    cpSync(join(REPO, 'examples/minimal.yaml'), join(fleet, 'b-site.yml'));
    cpSync(join(INVALID_DIR, 'wrong-version.yaml'), join(fleet, 'a-site.yaml'));
    writeFileSync(join(fleet, 'notes.txt'), 'not yaml');
    mkdirSync(join(fleet, 'nested.yaml'));
    const { ctx, out } = context(tmpdir());
    const result = await validate({ files: [fleet], format: 'text' }, ctx);
    expect(result.exitCode).toBe(1);
    expect(out()).toBe(
      `${join(fleet, 'a-site.yaml')}:2:10: error: "version" must be 1, not the number 2\n` +
        `${join(fleet, 'b-site.yml')}: valid (MFA on, 1 identity sync, 1 Duo connection, 1 MFA rule in 1 policy set)\n`,
    );
  });

  it('reports a folder with no YAML files', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ise-duo-empty-'));
    const { ctx, out } = context(empty);
    const result = await validate({ files: ['.'], format: 'text' }, ctx);
    expect(result.exitCode).toBe(1);
    expect(out()).toBe(
      '.: error: the folder holds no .yaml or .yml files; give desired-state files, or a folder of them (hidden files are skipped)\n',
    );
  });
});
