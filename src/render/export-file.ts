/**
 * Live state → the text of a desired-state file. Works from the normalized model (`LiveState`), so what is
 * written is exactly what the planner would compare: join points by name, groups by (source, name),
 * schedules as `{every, unit, start}`, descriptions with the ise-duo marker already stripped.
 *
 * No key value is ever in the model, so none can reach the output: every ikey and skey is written as an
 * `${env:…}` reference (see `export-env-names.ts`), and the ISE login as `${env:ISE_USERNAME}`/`${env:ISE_PASSWORD}`.
 * The `yaml` library does the quoting, so names with spaces, commas or colons come out valid.
 */
import { Document, isNode, type Node, Scalar } from 'yaml';
import type { DuoConnection, IdentitySync, LiveState } from '../model/state';
import {
  type ConnectionEnvNames,
  connectionEnvNames,
  ISE_PASSWORD_VAR,
  ISE_USERNAME_VAR,
} from './export-env-names';
import { mfaPolicyEntries, styleRuleNodes } from './export-rules';

export interface ExportOptions {
  live: LiveState;
  /** The ISE origin read from, written as `ise.url`. */
  targetUrl: string;
  /** Written as `ise.caFile` when given (already relative to the output's folder, or absolute). */
  caFile?: string;
  /** The `# yaml-language-server: $schema=…` line, or the lines saying why there is none (schema-ref.ts). */
  schemaLines: string[];
  /** Replaces `DUO` at the start of the key variables' names. */
  secretsPrefix?: string;
  /** Library condition names by id, for references whose name ISE did not fill in. */
  libraryNames?: ReadonlyMap<string, string>;
}

export interface ExportedFile {
  text: string;
  /** Every variable the file references, in the order the header lists them. */
  variables: string[];
  envNames: Map<string, ConnectionEnvNames>;
  /** Connections whose sKeys ISE neither returns nor marks: the variables must hold the keys in use. */
  unknownKeys: string[];
}

const ref = (name: string) => `\${env:${name}}`;

/** The members that hold the references export writes itself (`ref`); every other string is ISE's. */
const OWN_REFERENCES = new Set(['ikey', 'skey', 'username', 'password']);

/**
 * `value` with each of ISE's strings that holds `${env:` written as `$${env:` (the file's escape for that
 * text): otherwise the exported file would read ISE's literal text as a reference, and a plan of it would
 * write the variable's value over ISE's text.
 */
function escapeLiterals(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    // A function, not a replacement string: in one, `$$` stands for a single `$`.
    return OWN_REFERENCES.has(key) ? value : value.replaceAll('${env:', () => '$${env:');
  }
  if (Array.isArray(value)) return value.map((v) => escapeLiterals(v, key));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeLiterals(v, k)]));
}

function syncEntry(sync: IdentitySync): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name: sync.name,
    activeDirectories: sync.activeDirectories.map((d) => d.name),
    adGroups: sync.adGroups.map((g) => ({ source: g.source, name: g.name })),
  };
  if (sync.schedule) {
    const { every, unit, start } = sync.schedule;
    entry.schedule = { every, unit, start };
  }
  return entry;
}

function connectionEntry(conn: DuoConnection, vars: ConnectionEnvNames): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: conn.name };
  if (conn.description) entry.description = conn.description;
  Object.assign(entry, {
    identitySync: conn.identitySync,
    types: [...conn.types],
    apiHostName: conn.apiHostName,
    adminApi: { ikey: ref(vars.adminIkey), skey: ref(vars.adminSkey) },
    authApi: { ikey: ref(vars.authIkey), skey: ref(vars.authSkey) },
  });
  return entry;
}

function iseBlock(options: ExportOptions): Record<string, unknown> {
  const block: Record<string, unknown> = {};
  block.url = options.targetUrl;
  block.username = ref(ISE_USERNAME_VAR);
  block.password = ref(ISE_PASSWORD_VAR);
  if (options.caFile) block.caFile = options.caFile;
  return block;
}

/** Short lists and small mappings on one line, as the examples write them; `start` quoted like a date. */
function styleNodes(doc: Document, syncs: number, connections: number): void {
  const flow = (path: Array<string | number>) => {
    const node = doc.getIn(path, true);
    if (isNode(node)) (node as Node & { flow?: boolean }).flow = true;
  };
  flow(['mfa']);
  for (let i = 0; i < syncs; i++) {
    flow(['identitySyncs', i, 'activeDirectories']);
    const groups = doc.getIn(['identitySyncs', i, 'adGroups']) as { items: unknown[] };
    for (let g = 0; g < groups.items.length; g++) flow(['identitySyncs', i, 'adGroups', g]);
    flow(['identitySyncs', i, 'schedule']);
    const start = doc.getIn(['identitySyncs', i, 'schedule', 'start'], true);
    if (start instanceof Scalar) start.type = Scalar.QUOTE_DOUBLE;
  }
  for (let i = 0; i < connections; i++) {
    for (const key of ['types', 'adminApi', 'authApi']) flow(['duoConnections', i, key]);
  }
}

function header(options: ExportOptions, file: Omit<ExportedFile, 'text'>): string[] {
  const lines = [
    ...options.schemaLines,
    '#',
    `# Exported by \`ise-duo export\` from ${options.targetUrl}. No key or password is in this file: set`,
    '# these environment variables before validate, plan or apply:',
    `#   ${ISE_USERNAME_VAR}, ${ISE_PASSWORD_VAR}: an ISE admin login with Open API access`,
  ];
  for (const [name, vars] of file.envNames) {
    lines.push(
      `#   ${vars.adminIkey}, ${vars.adminSkey}: Admin API keys of "${name}"`,
      `#   ${vars.authIkey}, ${vars.authSkey}: Auth API keys of "${name}"`,
    );
  }
  if (file.unknownKeys.length) {
    lines.push(
      `# ISE does not reveal the secret keys of ${file.unknownKeys.map((n) => `"${n}"`).join(', ')}: set the`,
      '# variables to the keys the connection uses now, or the next apply writes different ones.',
    );
  }
  return [...lines, ''];
}

export function renderExport(options: ExportOptions): ExportedFile {
  const { live } = options;
  const syncs = live.mfa.enabled ? live.identitySyncs : [];
  const connections = live.mfa.enabled ? live.duoConnections : [];
  const envNames = connectionEnvNames(
    connections.map((c) => c.name),
    options.secretsPrefix,
  );
  const data: Record<string, unknown> = {
    version: 1,
    ise: iseBlock(options),
    mfa: { enabled: live.mfa.enabled },
  };
  if (syncs.length) data.identitySyncs = syncs.map(syncEntry);
  if (connections.length) {
    data.duoConnections = connections.map((c) => connectionEntry(c, envNames.get(c.name)!));
  }
  // `live.mfaPolicies` holds every policy set's rules (read-for-export.ts); none are readable with MFA off.
  const policies = live.mfa.enabled ? mfaPolicyEntries(live.mfaPolicies, options.libraryNames) : [];
  if (policies.length) data.mfaPolicies = policies;
  const doc = new Document(escapeLiterals(data));
  styleNodes(doc, syncs.length, connections.length);
  styleRuleNodes(doc, policies);
  const variables = [
    ISE_USERNAME_VAR,
    ISE_PASSWORD_VAR,
    ...[...envNames.values()].flatMap((v) => [v.adminIkey, v.adminSkey, v.authIkey, v.authSkey]),
  ];
  const unknownKeys = connections.filter((c) => c.secretKeysFingerprint === null).map((c) => c.name);
  const meta = { variables, envNames, unknownKeys };
  const body = doc.toString({ lineWidth: 0, flowCollectionPadding: true });
  return { ...meta, text: `${header(options, meta).join('\n')}\n${body}` };
}
