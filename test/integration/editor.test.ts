/**
 * Editor support, checked in a real language server: yaml-language-server (what VS Code's YAML extension
 * runs) over stdio, with documents in examples/ that carry the `$schema` line. The schema store is off, so
 * the only schema is the one the line names, read from disk: completion offers every top-level key, hover
 * shows the schema's description, and a misspelt key and a literal Duo secret key are diagnostics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../helpers/harness';
import { type Diagnostic, LspClient } from '../helpers/lsp-client';

const SERVER = join(REPO, 'node_modules/yaml-language-server/bin/yaml-language-server');
const SCHEMA = JSON.parse(readFileSync(join(REPO, 'schemas/ise-duo.schema.json'), 'utf8'));
const MINIMAL = readFileSync(join(REPO, 'examples/minimal.yaml'), 'utf8');
const MODELINE = '# yaml-language-server: $schema=../schemas/ise-duo.schema.json';
const uri = (name: string) => pathToFileURL(join(REPO, 'examples', name)).href; // never written to disk

jest.setTimeout(60_000);

let lsp: LspClient;

beforeAll(async () => {
  const yaml = { validate: true, hover: true, completion: true, schemaStore: { enable: false } };
  lsp = new LspClient(process.execPath, [SERVER, '--stdio'], { yaml });
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(REPO).href,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: {} },
    },
  });
  lsp.notify('initialized', {});
  lsp.notify('workspace/didChangeConfiguration', { settings: { yaml } });
});
afterAll(() => lsp.stop());

const messages = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line + 1}: ${x.message}`);

test('the example as it is: no diagnostics', async () => {
  expect(messages(await lsp.open(uri('lsp-minimal.yaml'), MINIMAL))).toEqual([]);
});

test('completion at the top level offers every top-level key of the schema', async () => {
  const doc = uri('lsp-empty.yaml');
  await lsp.open(doc, `${MODELINE}\n\n`);
  const result = await lsp.request<{ items: Array<{ label: string }> } | Array<{ label: string }>>(
    'textDocument/completion',
    { textDocument: { uri: doc }, position: { line: 1, character: 0 } },
  );
  const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
  expect(Object.keys(SCHEMA.properties).length).toBeGreaterThan(5);
  expect(labels).toEqual(expect.arrayContaining(Object.keys(SCHEMA.properties)));
});

test('hover on identitySync shows its description from the schema', async () => {
  const doc = uri('lsp-hover.yaml');
  await lsp.open(doc, MINIMAL);
  const lines = MINIMAL.split('\n');
  const line = lines.findIndex((l) => /^\s+identitySync:/.test(l));
  const character = lines[line].indexOf('identitySync') + 3;
  const hover = await lsp.request<{ contents: { value: string } | string }>('textDocument/hover', {
    textDocument: { uri: doc },
    position: { line, character },
  });
  const text = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
  expect(text).toContain(SCHEMA.definitions.duoConnection.properties.identitySync.description);
});

test('a misspelt key and a literal secret key are diagnostics on their lines', async () => {
  const broken = MINIMAL.replace(/^identitySyncs:/m, 'identitySycns:').replace(
    'skey: ${env:DUO_ADMIN_SKEY}',
    'skey: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2"',
  );
  expect(broken).not.toContain('DUO_ADMIN_SKEY');
  const lines = broken.split('\n');
  const misspelt = lines.findIndex((l) => l.startsWith('identitySycns:')) + 1;
  const literal = lines.findIndex((l) => l.includes('a1b2c3d4e5f6')) + 1;
  const found = messages(await lsp.open(uri('lsp-broken.yaml'), broken));
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${misspelt}: Property identitySycns is not allowed`)),
      `${literal}: Must be an environment reference such as \${env:NAME}: committed files must not hold secrets.`,
    ]),
  );
});
