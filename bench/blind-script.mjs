// The one-shot script people use instead of ise-duo: four blind calls one after another, stopping at the
// first failure (as `curl --fail` under `set -e` would). It reads nothing before writing, so it works once
// on an empty ISE and fails on the next run: creating an object that exists answers 400.
//
// Run alone: ISE_URL=http://127.0.0.1:PORT ISE_USERNAME=… ISE_PASSWORD=… DUO_ADMIN_IKEY=… DUO_ADMIN_SKEY=…
// DUO_AUTH_IKEY=… DUO_AUTH_SKEY=… node bench/blind-script.mjs   (exit 0 when all four calls succeeded).
// The objects are the ones in examples/minimal.yaml, so ise-duo's apply of that file is the fair comparison.
import { fileURLToPath } from 'node:url';

const CORP_AD = {
  name: 'CORP_AD',
  directoryID: 'f2c4a590-d0f6-11ee-9fe9-4ed55d83a1a6',
  domain: 'corp.example.com',
};

export function blindCalls(env) {
  return [
    { method: 'GET', path: '/api/v1/duo-mfa/status' },
    { method: 'PUT', path: '/api/v1/duo-mfa/enable', body: { mfa: { status: true } } },
    {
      method: 'POST',
      path: '/api/v1/duo-identitysync/identitysync',
      body: {
        identitySync: {
          syncName: 'corp-ad',
          configurations: { activeDirectories: [CORP_AD] },
          adGroups: [
            { name: 'corp.example.com/Users/VPN Users', source: 'CORP_AD' },
            { name: 'corp.example.com/Users/Network Admins', source: 'CORP_AD' },
          ],
          syncSchedule: { schedulerSync: 'none' },
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/duo-mfa/mfa',
      body: {
        mfa: {
          connectionName: 'corp-duo',
          description: 'Duo for VPN and device administration',
          identitySync: 'corp-ad',
          type: 'VPN,TACACS',
          accountConfigurations: {
            apiHostName: 'api-1a2b3c4d.duosecurity.com',
            adminApi: { ikey: env.DUO_ADMIN_IKEY, sKey: env.DUO_ADMIN_SKEY },
            authenticationApi: { ikey: env.DUO_AUTH_IKEY, sKey: env.DUO_AUTH_SKEY },
          },
        },
      },
    },
  ];
}

/** Sends the four calls in order; stops at the first non-2xx. Returns what was sent and how it ended. */
export async function runBlindScript(env) {
  const auth = `Basic ${Buffer.from(`${env.ISE_USERNAME}:${env.ISE_PASSWORD}`).toString('base64')}`;
  const sent = [];
  for (const call of blindCalls(env)) {
    const res = await fetch(new URL(call.path, env.ISE_URL), {
      method: call.method,
      headers: { authorization: auth, accept: 'application/json', 'content-type': 'application/json' },
      body: call.body ? JSON.stringify(call.body) : undefined,
      signal: AbortSignal.timeout(10000),
    });
    const text = await res.text();
    sent.push({ method: call.method, path: call.path, status: res.status });
    if (!res.ok) {
      let message = text;
      try {
        message = JSON.parse(text).message ?? text;
      } catch {
        // not JSON: keep the text
      }
      return { ok: false, sent, failed: `${call.method} ${call.path} → ${res.status}: ${message}` };
    }
  }
  return { ok: true, sent };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runBlindScript(process.env);
  for (const s of result.sent) process.stdout.write(`${s.method} ${s.path} ${s.status}\n`);
  if (!result.ok) process.stderr.write(`failed: ${result.failed}\n`);
  process.exitCode = result.ok ? 0 : 1;
}
