// Shared helpers for `npm run bench`: the built package, credentials, desired-state files, in-process and
// child-process runs, timing, peak RSS and tables. Everything talks to simulators on loopback only.
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist/cli.js');
export const BENCH_DIR = join(ROOT, 'bench');
export const require = createRequire(import.meta.url);

/** The built package (CommonJS), loaded from dist/: `npm run bench` builds first. */
export const dist = (path) => require(join(ROOT, 'dist', path));

/** Simulator login and Duo keys. Demo values: the simulator accepts any key its seed does not revoke. */
export const CREDS = { username: 'admin', password: 'bench-password-0001' };
export const DUO_ENV = {
  ISE_USERNAME: CREDS.username,
  ISE_PASSWORD: CREDS.password,
  DUO_ADMIN_IKEY: 'DIBENCHADMIN00000001',
  DUO_ADMIN_SKEY: 'bench-admin-secret-key-000000000000000001',
  DUO_AUTH_IKEY: 'DIBENCHAUTH000000001',
  DUO_AUTH_SKEY: 'bench-auth-secret-key-0000000000000000001',
};

/** Environment for child processes: PATH and the file's variables, nothing inherited that could redirect. */
export function childEnv(extra = {}) {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...DUO_ENV, ...extra };
}

export async function startSim(options = {}) {
  const { startSimulator } = dist('sim/index.js');
  return startSimulator({ port: 0, host: '127.0.0.1', ...CREDS, syncDelayMs: 50, ...options });
}

/**
 * A simulator in a process of its own (`sim-process.mjs`), for figures that must not count its CPU in the
 * measured process; `tls` (`{ cert, key }`, PEM) makes it serve HTTPS. `setLatency(ms)` resolves once it
 * took effect; `stop()` ends the process.
 */
export function startSimProcess(tls) {
  const env = { ...process.env, ...(tls ? { SIM_TLS: JSON.stringify(tls) } : {}) };
  const child = fork(join(BENCH_DIR, 'sim-process.mjs'), {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env,
  });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // A simulator that dies before it listens must fail the figure, not leave it waiting.
    const died = (code) => reject(new Error(`sim-process.mjs exited ${code} before listening`));
    child.once('exit', died);
    child.once('message', ({ url }) => {
      child.off('exit', died);
      resolve({
        url,
        setLatency: (latency) => {
          child.send({ latency });
          return next();
        },
        stop: () => child.disconnect(),
      });
    });
  });
}

/**
 * A config of `n` objects: ceil(n/2) identity syncs and floor(n/2) Duo connections (a connection needs a
 * sync; connection i uses sync i). 1 → 1 sync; 5 → 3 syncs + 2 connections; 20 → 10 + 10.
 */
export function objectCounts(n) {
  return { syncs: Math.ceil(n / 2), connections: Math.floor(n / 2) };
}

/** `edited`: sync-1 pushes one group fewer and duo-1 has another description (one update each). */
export function siteYaml({ syncs, connections, urlVar, caFile, edited = false }) {
  const lines = ['version: 1', 'ise:'];
  if (urlVar) lines.push(`  url: \${env:${urlVar}}`);
  if (caFile) lines.push(`  caFile: ${JSON.stringify(caFile)}`);
  lines.push('  username: ${env:ISE_USERNAME}', '  password: ${env:ISE_PASSWORD}', 'mfa: { enabled: true }');
  if (syncs > 0) lines.push('identitySyncs:');
  for (let i = 1; i <= syncs; i++) {
    lines.push(
      `  - name: sync-${i}`,
      '    activeDirectories: [CORP_AD]',
      '    adGroups:',
      '      - { source: CORP_AD, name: corp.example.com/Users/VPN Users }',
      ...(edited && i === 1
        ? []
        : ['      - { source: CORP_AD, name: corp.example.com/Users/Network Admins }']),
    );
  }
  if (connections > 0) lines.push('duoConnections:');
  for (let i = 1; i <= connections; i++) {
    lines.push(
      `  - name: duo-${i}`,
      `    description: Bench connection ${i}${edited && i === 1 ? ' (edited)' : ''}`,
      `    identitySync: sync-${i}`,
      '    types: [VPN, TACACS]',
      `    apiHostName: api-${(0x1a2b3c00 + i).toString(16)}.duosecurity.com`,
      '    adminApi: { ikey: "${env:DUO_ADMIN_IKEY}", skey: "${env:DUO_ADMIN_SKEY}" }',
      '    authApi: { ikey: "${env:DUO_AUTH_IKEY}", skey: "${env:DUO_AUTH_SKEY}" }',
    );
  }
  lines.push('prune: false');
  return `${lines.join('\n')}\n`;
}

const temps = [];
export function tempDir(prefix = 'ise-duo-bench-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
export function removeTemps() {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeSite(dir, name, parts) {
  const file = join(dir, name);
  writeFileSync(file, siteYaml(parts));
  return file;
}

/** A command context like the test harness's `capture`: output kept in memory, logs at warn to a sink. */
export function captureContext(env, cwd = ROOT) {
  const { createLogger } = dist('logger.js');
  let out = '';
  let err = '';
  let logs = '';
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs += chunk.toString();
      cb();
    },
  });
  const ctx = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    logger: createLogger({ level: 'warn', destination, pretty: false }),
    env,
    cwd,
    isTTY: false,
  };
  return { ctx, out: () => out, err: () => err, logs: () => logs };
}

/** Runs an in-process command; returns its exit code, output and wall time. Never throws. */
export async function runInProcess(command, options, env) {
  const { exitCodeFor } = dist('exit-codes.js');
  const { errorParts } = dist('errors.js');
  const { renderErrorLines } = dist('render/error.js');
  const c = captureContext(env);
  const t0 = process.hrtime.bigint();
  try {
    const result = await command(options, c.ctx);
    return { code: result.exitCode, ms: msSince(t0), out: c.out(), err: c.err() };
  } catch (e) {
    return {
      code: exitCodeFor(e),
      ms: msSince(t0),
      out: c.out(),
      err: `${c.err()}${renderErrorLines(errorParts(e)).join('\n')}`,
    };
  }
}

export const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(TIME);

/**
 * Runs `exe` (default: this Node) with `args` to completion (killed after `timeoutMs`). Returns exit code, stdout, stderr, wall
 * time, and with `rss` the peak resident set size in MB: from GNU time's %M when /usr/bin/time exists
 * (the wall time then includes exec'ing that small wrapper, about a millisecond), else by polling VmHWM
 * in /proc/<pid>/status every 5 ms. With GNU time, `cpuMs` is the child's user + system CPU time.
 */
export function runChild(
  args,
  { env, cwd = ROOT, timeoutMs = 120000, rss = false, exe = process.execPath } = {},
) {
  return new Promise((resolve) => {
    let argv = [exe, ...args];
    let rssFile;
    if (rss && hasGnuTime) {
      rssFile = join(tempDir('ise-duo-bench-rss-'), 'rss');
      argv = [TIME, '-f', '%M %U %S', '-o', rssFile, ...argv];
    }
    const t0 = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let cpuMs;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const poll =
      rss && !hasGnuTime
        ? setInterval(() => {
            try {
              const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (m) peakKb = Math.max(peakKb, Number(m[1]));
            } catch {
              // exited between polls
            }
          }, 5)
        : undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      const ms = msSince(t0);
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (rssFile) {
        const [kb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        if (Number.isFinite(kb)) peakKb = kb;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user + sys) * 1000;
      }
      resolve({ code, signal, ms, stdout, stderr, rssMb: rss ? peakKb / 1024 : undefined, cpuMs });
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Requests from a simulator's log, counted by method. */
export function countByMethod(log) {
  const counts = { GET: 0, POST: 0, PUT: 0, DELETE: 0 };
  for (const r of log) counts[r.method] = (counts[r.method] ?? 0) + 1;
  return counts;
}

/**
 * What a request is, from its method and path: a configuration `write` (POST/PUT/DELETE of the feature
 * switch, a connection or a sync), a `test` (POST testconnection: changes no configuration), a `syncRun`
 * (the side-effect GETs that start or cancel a sync run), an `adGroups` read (GET adgroups/{ad}), or a
 * plain `read`.
 */
export function kindOf({ method, path }) {
  if (method === 'POST' && path.includes('/mfa/testconnection/')) return 'test';
  if (method === 'GET' && path.includes('/identitysync/sync/')) return 'syncRun';
  if (method === 'GET' && path.includes('/duo-identitysync/adgroups/')) return 'adGroups';
  return method === 'GET' ? 'read' : 'write';
}

export function countByKind(log) {
  const counts = { read: 0, adGroups: 0, write: 0, test: 0, syncRun: 0 };
  for (const r of log) counts[kindOf(r)]++;
  return counts;
}

export const fmt = {
  ms: (v) => (v === undefined || v === null ? '-' : `${Math.round(v)} ms`),
  x: (v) => (v === undefined || v === null ? '-' : `${v.toFixed(2)}×`),
  mb: (v) => (v === undefined || v === null ? '-' : `${v.toFixed(0)} MB`),
  yes: (v) => (v === undefined ? '-' : v ? 'yes' : 'NO'),
};

/** A plain-text table: header row, rule, rows; numbers right-aligned. */
export function table(title, header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c ?? '-')));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[-\d.]/.test(String(r[i] ?? '-'))));
  const line = (r) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [`\n${title}`, line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells.slice(1)) out.push(line(r));
  process.stdout.write(`${out.join('\n')}\n`);
}

export function note(text) {
  process.stdout.write(`${text}\n`);
}
