/**
 * The environment variable names an exported file uses for each connection's four Duo keys. They are derived
 * from the connection name so that a person can guess them without reading the file: `corp-duo` gives
 * `DUO_CORP_DUO_ADMIN_IKEY`, `DUO_CORP_DUO_ADMIN_SKEY`, `DUO_CORP_DUO_AUTH_IKEY`, `DUO_CORP_DUO_AUTH_SKEY`
 * (upper-cased, every run of characters other than A-Z and 0-9 turned into one `_`).
 *
 * `--secrets-prefix` replaces the leading `DUO` (e.g. `SITE1_DUO` gives `SITE1_DUO_CORP_DUO_ADMIN_IKEY`), so
 * files of several sites can be used from one environment.
 *
 * Two names can fold to the same stem (`corp-duo` and `corp duo`); the second one in name order then gets
 * `_2`, the third `_3`, so that no two connections silently share a variable.
 */

export interface ConnectionEnvNames {
  adminIkey: string;
  adminSkey: string;
  authIkey: string;
  authSkey: string;
}

export const ISE_USERNAME_VAR = 'ISE_USERNAME';
export const ISE_PASSWORD_VAR = 'ISE_PASSWORD';

/** `corp duo-2` → `CORP_DUO_2`. Empty stems (a name of only symbols) become `CONNECTION`. */
export function envStem(connectionName: string): string {
  const stem = connectionName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return stem || 'CONNECTION';
}

export const DEFAULT_SECRETS_PREFIX = 'DUO';
/** A prefix must keep the names valid `${env:NAME}` references. */
export const SECRETS_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*$/;

function namesFor(prefix: string, stem: string): ConnectionEnvNames {
  return {
    adminIkey: `${prefix}_${stem}_ADMIN_IKEY`,
    adminSkey: `${prefix}_${stem}_ADMIN_SKEY`,
    authIkey: `${prefix}_${stem}_AUTH_IKEY`,
    authSkey: `${prefix}_${stem}_AUTH_SKEY`,
  };
}

/** The variable names of every connection, by connection name. `names` should be in a stable order. */
export function connectionEnvNames(
  names: readonly string[],
  prefix = DEFAULT_SECRETS_PREFIX,
): Map<string, ConnectionEnvNames> {
  const used = new Map<string, number>();
  const out = new Map<string, ConnectionEnvNames>();
  for (const name of names) {
    const base = envStem(name);
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    out.set(name, namesFor(prefix, count === 1 ? base : `${base}_${count}`));
  }
  return out;
}
