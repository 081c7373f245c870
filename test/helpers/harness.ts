/**
 * Runs ise-duo commands in-process against a simulator on an ephemeral loopback port, capturing what they
 * print, and writes desired-state files into a temp folder. Scenario and fault tests build on this.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { errorParts } from '../../src/errors';
import { exitCodeFor } from '../../src/exit-codes';
import { createLogger, type LogLevel } from '../../src/logger';
import { renderErrorLines } from '../../src/render/error';
import type { CommandContext, CommandResult } from '../../src/runtime/context';

export const REPO = resolve(__dirname, '../..');
export const CLI = join(REPO, 'dist/cli.js');

export const DUO_ENV = {
  ISE_USERNAME: 'admin',
  ISE_PASSWORD: 'sim-password-canary-7f3a',
  DUO_ADMIN_IKEY: 'DIADMINIKEYCANARY001',
  DUO_ADMIN_SKEY: 'admin-skey-canary-8d1e0000000000000000001',
  DUO_AUTH_IKEY: 'DIAUTHIKEYCANARY0001',
  DUO_AUTH_SKEY: 'auth-skey-canary-5b2c00000000000000000001',
};

export interface Captured {
  ctx: CommandContext;
  out(): string;
  err(): string;
  logs(): string;
}

/** A command context whose output, messages and logs (JSON, at `level`) are captured as strings. */
export function capture(env: NodeJS.ProcessEnv, cwd: string, level: LogLevel = 'info'): Captured {
  let out = '';
  let err = '';
  let logs = '';
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs += chunk.toString();
      cb();
    },
  });
  const ctx: CommandContext = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    logger: createLogger({ level, destination, pretty: false }),
    env,
    cwd,
    isTTY: false,
  };
  return { ctx, out: () => out, err: () => err, logs: () => logs };
}

export function tempDir(prefix = 'ise-duo-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

export interface RunOutput {
  code: number;
  out: string;
  /** What the command wrote to stderr itself, plus the runner's error lines. */
  err: string;
  /** The JSON log lines (stderr in the CLI). */
  logs: string;
}

/**
 * Runs an in-process command the way `src/cli/runner.ts` does: errors become the runner's own lines and exit
 * code, so tests see what a user would see. `level` sets the captured log level (any, including trace);
 * `extra` overrides parts of the context (a terminal, a signal).
 */
export async function runCommand(
  command: (ctx: CommandContext) => Promise<CommandResult>,
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { level?: LogLevel; extra?: Partial<CommandContext> } = {},
): Promise<RunOutput> {
  const c = capture(env, cwd, options.level);
  const ctx = { ...c.ctx, ...options.extra };
  try {
    const result = await command(ctx);
    return { code: result.exitCode, out: c.out(), err: c.err(), logs: c.logs() };
  } catch (e) {
    ctx.logger.debug({ err: e }, 'command failed');
    const lines = renderErrorLines(errorParts(e))
      .map((l) => `${l}\n`)
      .join('');
    return { code: exitCodeFor(e), out: c.out(), err: c.err() + lines, logs: c.logs() };
  }
}

/** Runs the built CLI as a real process. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = REPO,
  timeoutMs = 20000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args, { PATH: process.env.PATH, ...env }, cwd);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(new Error(`ise-duo ${args.join(' ')} timed out`));
    }, timeoutMs);
  });
  try {
    const code = await Promise.race([run.exit, timedOut]);
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/** A desired-state file for the simulator's default seed. */
export function siteYaml(parts: {
  mfa?: boolean;
  prune?: boolean;
  groups?: string[];
  connections?: Array<{ name: string; description?: string; apiHostName?: string }>;
  syncs?: boolean;
}): string {
  const mfa = parts.mfa ?? true;
  const groups = parts.groups ?? [
    'corp.example.com/Users/VPN Users',
    'corp.example.com/Users/Network Admins',
  ];
  const lines = [
    'version: 1',
    'ise:',
    '  username: ${env:ISE_USERNAME}',
    '  password: ${env:ISE_PASSWORD}',
    `mfa: { enabled: ${mfa} }`,
  ];
  if (mfa && parts.syncs !== false) {
    lines.push(
      'identitySyncs:',
      '  - name: corp-ad',
      '    activeDirectories: [CORP_AD]',
      '    adGroups:',
      ...groups.map((g) => `      - { source: CORP_AD, name: "${g}" }`),
    );
  }
  const connections = mfa && parts.syncs !== false ? (parts.connections ?? [{ name: 'corp-duo' }]) : [];
  if (connections.length) {
    lines.push('duoConnections:');
    for (const c of connections) {
      lines.push(
        `  - name: ${c.name}`,
        `    description: ${c.description ?? 'Duo for VPN'}`,
        '    identitySync: corp-ad',
        '    types: [VPN, TACACS]',
        `    apiHostName: ${c.apiHostName ?? 'api-1a2b3c4d.duosecurity.com'}`,
        '    adminApi: { ikey: "${env:DUO_ADMIN_IKEY}", skey: "${env:DUO_ADMIN_SKEY}" }',
        '    authApi: { ikey: "${env:DUO_AUTH_IKEY}", skey: "${env:DUO_AUTH_SKEY}" }',
      );
    }
  }
  lines.push(`prune: ${parts.prune ?? false}`);
  return `${lines.join('\n')}\n`;
}

/** Two identity syncs (corp-ad on CORP_AD, lab-ad on LAB_AD) with optional runSync policies, no connections. */
export function twoSyncs(policies: { corp?: string; lab?: string } = {}, groups = ['VPN Users']): string {
  const lines = [
    'version: 1',
    'ise: { username: "${env:ISE_USERNAME}", password: "${env:ISE_PASSWORD}" }',
    'mfa: { enabled: true }',
    'identitySyncs:',
    '  - name: corp-ad',
    '    activeDirectories: [CORP_AD]',
    '    adGroups:',
    ...groups.map((g) => `      - { source: CORP_AD, name: "corp.example.com/Users/${g}" }`),
    ...(policies.corp ? [`    runSync: ${policies.corp}`] : []),
    '  - name: lab-ad',
    '    activeDirectories: [LAB_AD]',
    '    adGroups: [{ source: LAB_AD, name: "lab.example.com/Users/Lab Admins" }]',
    ...(policies.lab ? [`    runSync: ${policies.lab}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The built CLI as a running process, for tests that signal it: its output so far, and its exit. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}
