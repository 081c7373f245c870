/**
 * Secret values never leave their boxes: with every secret and integration key built around a canary, no
 * issue of any fixture mentions it, and a loaded state serialises without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadDesiredState, parseDesiredState } from '../../../src/desired/load';
import { EXAMPLES_DIR, INVALID_DIR, SENSITIVE_VALUES, TEST_ENV, VALID_DIR } from './helpers';

const yamlIn = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(dir, name));

function expectNoCanary(text: string): void {
  for (const value of SENSITIVE_VALUES) expect(text.toLowerCase()).not.toContain(value.toLowerCase());
}

describe('secret canary', () => {
  it.each(yamlIn(INVALID_DIR))('%s: no issue message contains a secret value', async (path) => {
    const result = await loadDesiredState(path, TEST_ENV);
    expectNoCanary(JSON.stringify(result.ok ? result.warnings : result.issues));
  });

  it.each([...yamlIn(VALID_DIR), ...yamlIn(EXAMPLES_DIR)])(
    '%s: the loaded state serialises without secrets',
    async (path) => {
      const result = await loadDesiredState(path, TEST_ENV);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expectNoCanary(JSON.stringify(result.desired));
      expectNoCanary(inspect(result.desired, { depth: 10 }));
    },
  );

  it('does not quote a secret value that fails a check, wherever it sits', () => {
    const text = readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8');
    const env = {
      ...TEST_ENV,
      DUO_ADMIN_SKEY: 'c4n4ry7q with spaces',
      DUO_AUTH_IKEY: 'C4N4RY7Q',
      ISE_PASSWORD: '',
    };
    const result = parseDesiredState(text, 'minimal.yaml', env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.pointer)).toEqual([
      '/ise/password',
      '/duoConnections/0/adminApi/skey',
      '/duoConnections/0/authApi/ikey',
    ]);
    expectNoCanary(JSON.stringify(result.issues));
  });

  it('scrubs a secret value that happens to appear in another field', () => {
    const text = `version: 1\nmfa: {enabled: true}\nise:\n  password: \${env:ISE_PASSWORD}\n  url: \${env:ISE_PASSWORD}\n`;
    const result = parseDesiredState(text, 'f.yaml', TEST_ENV);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.message).toContain('"url" "(sensitive)" is not an ISE address');
    expectNoCanary(JSON.stringify(result.issues));
  });
});
