/**
 * Secret values never leave their boxes: with every secret and integration key built around a canary, no
 * issue of any fixture mentions it, and a loaded state serialises without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadDesiredState, parseDesiredState } from '../../../src/desired/load';
import { CANARY, EXAMPLES_DIR, INVALID_DIR, SENSITIVE_VALUES, TEST_ENV, VALID_DIR } from './helpers';

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
    expect(result.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('"url" "(sensitive)" is not an ISE address'),
      expect.stringContaining('"url" holds the value of a secret'),
    ]);
    expectNoCanary(JSON.stringify(result.issues));
  });

  // Audit of 2026-12-02: values the parse or the schema stops before they become strings were quoted.
  const literal = `${CANARY}-literal-secret`;
  it.each([
    ['an alias', `*${literal}`],
    ['an anchor', `&${literal} x`],
    ['a block scalar header', `|${literal}`],
    ['a folded block scalar header', `>${literal}`],
    ['a malformed reference', `"\${env:${literal}-x}"`],
    ['a tag', `!${literal} x`],
  ])(
    'does not quote %s written as the ISE password or an sKey, however the key is spelt',
    (_what, written) => {
      // A key in quotes may spell its letters as escapes: it is still the password or the sKey.
      const spellings = [
        ['password', 'skey'],
        ["'password'", '"SKey"'],
        ['"p\\u0061ssword"', '"sk\\x65y"'],
      ];
      const texts = spellings.flatMap(([password, skey]) => [
        `version: 1\nise:\n  username: admin\n  ${password}: ${written}\nmfa: { enabled: true }\n`,
        `version: 1\nmfa: { enabled: true }\nduoConnections:\n  - name: d\n    adminApi: { ikey: x, ${skey}: ${written} }\n`,
      ]);
      for (const text of texts) {
        const result = parseDesiredState(text, 'f.yaml', TEST_ENV);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.issues.length).toBeGreaterThan(0);
        expectNoCanary(JSON.stringify(result.issues));
      }
    },
  );

  it('a reference with text around it is refused once, naming no made-up variable', () => {
    const text = readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8').replace(
      'skey: ${env:DUO_ADMIN_SKEY}',
      'skey: " ${env:DUO_ADMIN_SKEY}"',
    );
    expect(text).toContain('" ${env:DUO_ADMIN_SKEY}"');
    const result = parseDesiredState(text, 'minimal.yaml', TEST_ENV);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('"skey" must be an environment reference such as "${env:DUO_ADMIN_SKEY}"'),
    ]);
  });

  it('describes a number written as a secret without its digits', () => {
    for (const written of ['987650123498', '0x5EC2E7']) {
      const text = `version: 1\nise:\n  username: admin\n  password: ${written}\nmfa: { enabled: true }\n`;
      const result = parseDesiredState(text, 'f.yaml', TEST_ENV);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const messages = JSON.stringify(result.issues);
      expect(result.issues.map((i) => i.message)).toEqual(['"password" must be text, not a number']);
      expect(messages).not.toMatch(/98765|6210279|5EC2E7/);
    }
  });

  it('refuses a secret variable in a field that is printed, naming the field and not the value', () => {
    const text = readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8').replace(
      /description: .*/,
      'description: "keys ${env:DUO_ADMIN_SKEY}"',
    );
    expect(text).toContain('${env:DUO_ADMIN_SKEY}"');
    const result = parseDesiredState(text, 'minimal.yaml', TEST_ENV);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        pointer: '/duoConnections/0/description',
        message: expect.stringContaining('"description" holds the value of a secret'),
      }),
    ]);
    expectNoCanary(JSON.stringify(result.issues));
  });

  it("refuses a literal that holds a secret too: ISE's copy would read as (sensitive) and never compare equal", () => {
    const text = readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8').replace(
      /description: .*/,
      `description: "keys ${TEST_ENV.DUO_AUTH_SKEY}"`,
    );
    const result = parseDesiredState(text, 'minimal.yaml', TEST_ENV);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.pointer)).toEqual(['/duoConnections/0/description']);
    expectNoCanary(JSON.stringify(result.issues));
  });

  it('matches a short password only whole, so that a group name holding its letters still loads', () => {
    const text = readFileSync(join(EXAMPLES_DIR, 'minimal.yaml'), 'utf8').replace(
      /description: .*/,
      'description: "${env:NOTE}"',
    );
    const env = { ...TEST_ENV, ISE_PASSWORD: 'Domain', NOTE: 'Duo for Domain Admins' };
    expect(parseDesiredState(text, 'minimal.yaml', env).ok).toBe(true);
    const refused = parseDesiredState(text, 'minimal.yaml', { ...env, NOTE: 'domain' });
    expect(refused.ok).toBe(false);
  });
});
