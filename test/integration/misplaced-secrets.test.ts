/**
 * Secrets in places no rendering expects one, as the real CLI prints them (helper reports of 2026-12-04):
 * the ISE password or a Duo sKey from the environment pasted as a key, a value, a file name or a `--out`
 * name, spliced into `ise.url` (whole, or cut by the message that quotes the URL, or as its host, where a
 * name lookup would send it), or percent-encoded in `--ise-url`. Every output must hold no 8-character piece
 * of any of them, and no request may reach ISE for a file or flag that is refused.
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fragmentLeaks } from '../helpers/fragments';
import { DUO_ENV, runCli, tempDir, writeFile } from '../helpers/harness';

// Not the harness's password: it holds the word "password", which the messages here use.
const PASSWORD = 'Zr8-CANARY-q2Wm5Tt';
const ENV = { ...DUO_ENV, ISE_PASSWORD: PASSWORD };
const SKEY = DUO_ENV.DUO_ADMIN_SKEY;
const SECRETS = [PASSWORD, SKEY, DUO_ENV.DUO_AUTH_SKEY];

/** A loopback listener that counts connections: a refused input must open none. */
let listener: Server;
let connections = 0;
let url: string;
beforeAll(async () => {
  listener = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(listener.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));
beforeEach(() => {
  connections = 0;
});

const ISE = 'ise:\n  username: ${env:ISE_USERNAME}\n  password: ${env:ISE_PASSWORD}\n';
const MFA = 'mfa:\n  enabled: true\n';

interface Case {
  file: string;
  args?: (path: string) => string[];
  env?: NodeJS.ProcessEnv;
}

const CASES: Record<string, Case> = {
  'the ISE password as a value (prune)': { file: `version: 1\n${ISE}${MFA}prune: ${PASSWORD}\n` },
  'the ISE password as a key': { file: `version: 1\n${ISE}mfa:\n  enabled: true\n  ${PASSWORD}: 1\n` },
  'an sKey the file takes nowhere, as the version': { file: `version: ${SKEY}\n${ISE}${MFA}` },
  'an sKey as a key of the top level': { file: `version: 1\n${ISE}${MFA}${SKEY}: true\n` },
  'a sync named from a variable that holds the ISE password': {
    file: `version: 1\n${ISE}${MFA}identitySyncs:\n  - name: \${env:V}\n    activeDirectories: [CORP_AD]\n    adGroups: [{ source: CORP_AD, name: corp.example.com/Users/VPN Users }]\n`,
    env: { V: PASSWORD },
  },
  'an sKey the file takes nowhere, in the path of ise.url': {
    file: `version: 1\nise:\n  url: http://127.0.0.1:1/\${env:DUO_ADMIN_SKEY}\n  username: \${env:ISE_USERNAME}\n  password: \${env:ISE_PASSWORD}\n${MFA}`,
  },
  'an sKey the file takes nowhere, as the host of ise.url': {
    file: `version: 1\nise:\n  url: https://\${env:DUO_ADMIN_SKEY}.example.com\n  username: \${env:ISE_USERNAME}\n  password: \${env:ISE_PASSWORD}\n${MFA}`,
  },
};

const COMMANDS = ['validate', 'plan', 'drift'] as const;

describe.each(Object.entries(CASES))('%s', (_name, c) => {
  test.each(COMMANDS)('%s: refused, nothing sent, no piece of a secret in any format', async (command) => {
    const dir = tempDir();
    const file = writeFile(dir, 'site.yaml', c.file);
    for (const format of ['text', 'json']) {
      const r = await runCli([command, file, '--format', format, '--log-level', 'trace'], {
        ...ENV,
        ...c.env,
        // Set for plan and drift, as a pipeline would; ise.url, where the file has one, is overridden by it,
        // except in the ise.url cases, where the file's own URL must be refused.
        ...(c.file.includes('url:') ? {} : { ISE_URL: url }),
      });
      expect(r.code).toBe(1);
      expect(fragmentLeaks(`${command} ${format}`, r.stdout + r.stderr, SECRETS)).toEqual([]);
    }
    expect(connections).toBe(0);
  });
});

test('a file named after a secret: not quoted', async () => {
  const r = await runCli(['validate', join(tempDir(), `${SKEY}.yaml`)], ENV);
  expect(r.code).toBe(1);
  expect(fragmentLeaks('validate', r.stdout + r.stderr, SECRETS)).toEqual([]);
});

test('--ise-url holding the ISE password percent-encoded: refused before any lookup', async () => {
  const encoded = [...PASSWORD].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
  const dir = tempDir();
  const file = writeFile(dir, 'site.yaml', `version: 1\n${ISE}${MFA}`);
  const r = await runCli(['plan', file, '--ise-url', `https://${encoded}.example.com`], ENV);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('holds the value of a secret');
  expect(r.stderr).not.toMatch(/ENOTFOUND|EAI_AGAIN/);
});

test.each([
  ['a ":"', 'adm:in', /holds ":", which Basic authentication cannot send/],
  ['a line break', 'admin\nX', /holds a line break or another control character/],
])('an ISE username with %s: refused before the first request', async (_what, username, says) => {
  const file = writeFile(tempDir(), 'site.yaml', `version: 1\n${ISE}${MFA}`);
  const r = await runCli(['plan', file], { ...ENV, ISE_USERNAME: username, ISE_URL: url });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(says);
  expect(connections).toBe(0);
});

test('an ISE password ending in a line break: refused, not sent, not quoted', async () => {
  const file = writeFile(tempDir(), 'site.yaml', `version: 1\n${ISE}${MFA}`);
  const r = await runCli(['plan', file], { ...ENV, ISE_PASSWORD: `${PASSWORD}\n`, ISE_URL: url });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('the ISE password holds a line break');
  expect(fragmentLeaks('plan', r.stdout + r.stderr, SECRETS)).toEqual([]);
  expect(connections).toBe(0);
});
