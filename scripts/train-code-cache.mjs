// Build step: the V8 code cache of the CLI's bundles (src/runtime/code-cache.ts). Runs the built CLI the way
// users do, against a simulator on a loopback port, with ISE_DUO_CODE_CACHE=write: each run compiles from
// the cache the runs before it left and saves at its exit what it has compiled by then of each bundle it
// loaded, so a bundle's cache grows with every run that uses it: validate, a fleet plan, drift (which
// differs before the apply), apply, and a plan of the applied file.
// The simulator comes from tsc's output (dist/sim), not from a bundle, so it adds nothing to any cache.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CREDS = { ISE_USERNAME: 'admin', ISE_PASSWORD: 'train-password-0001' };
/** Demo keys: the simulator accepts any key its seed does not list as revoked. */
const DUO = {
  DUO_ADMIN_IKEY: 'DITRAINADMIN00000001',
  DUO_ADMIN_SKEY: 'train-admin-secret-key-00000000000000001',
  DUO_AUTH_IKEY: 'DITRAINAUTH000000001',
  DUO_AUTH_SKEY: 'train-auth-secret-key-000000000000000001',
};

const run = (cli, args, env) =>
  new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], { env }, (err, _stdout, stderr) => {
      // plan --detailed-exitcode is not used: 0 is the only success here.
      if (err)
        reject(new Error(`ise-duo ${args.join(' ')} exited ${err.code}: ${stderr.trim().slice(0, 400)}`));
      else resolve();
    });
  });

/** Writes dist/code-cache/ for the bundles in `dist`. Throws if a run fails (the caller decides). */
export async function trainCodeCache(root) {
  const dist = join(root, 'dist');
  const cli = join(dist, 'cli.js');
  rmSync(join(dist, 'code-cache'), { recursive: true, force: true });
  const { startSimulator } = createRequire(import.meta.url)(join(dist, 'sim/index.js'));
  const sim = await startSimulator({
    port: 0,
    host: '127.0.0.1',
    username: CREDS.ISE_USERNAME,
    password: CREDS.ISE_PASSWORD,
    syncDelayMs: 20, // the apply's sync run ends at once
  });
  const dir = mkdtempSync(join(tmpdir(), 'ise-duo-train-'));
  try {
    const site = join(dir, 'site.yaml');
    copyFileSync(join(root, 'examples/minimal.yaml'), site);
    const fleet = join(dir, 'fleet');
    mkdirSync(fleet);
    copyFileSync(site, join(fleet, 'a.yaml'));
    copyFileSync(site, join(fleet, 'b.yaml'));
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      NO_COLOR: '1',
      ISE_URL: sim.url,
      ...CREDS,
      ...DUO,
      ISE_DUO_CODE_CACHE: 'write',
    };
    for (const args of [
      ['validate', site],
      ['plan', fleet, '--format', 'json'],
      ['drift', site, '--format', 'json'],
      ['apply', site, '--yes'],
      ['plan', site],
    ]) {
      try {
        await run(cli, args, env);
      } catch (err) {
        // drift exits 2 when ISE differs from the file, which it does before the apply: that is a success.
        if (!(args[0] === 'drift' && / exited 2:/.test(err.message))) throw err;
      }
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
