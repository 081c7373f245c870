/**
 * The environment variable names an exported file uses for each connection's four Duo keys. They are derived
 * from the connection name so that a person can guess them without reading the file: `corp-duo` gives
 * `DUO_CORP_DUO_ADMIN_IKEY`, `DUO_CORP_DUO_ADMIN_SKEY`, `DUO_CORP_DUO_AUTH_IKEY`, `DUO_CORP_DUO_AUTH_SKEY`
 * (upper-cased, every run of characters other than A-Z and 0-9 turned into one `_`).
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

function namesFor(stem: string): ConnectionEnvNames {
  return {
    adminIkey: `DUO_${stem}_ADMIN_IKEY`,
    adminSkey: `DUO_${stem}_ADMIN_SKEY`,
    authIkey: `DUO_${stem}_AUTH_IKEY`,
    authSkey: `DUO_${stem}_AUTH_SKEY`,
  };
}

/** The variable names of every connection, by connection name. `names` should be in a stable order. */
export function connectionEnvNames(names: readonly string[]): Map<string, ConnectionEnvNames> {
  const used = new Map<string, number>();
  const out = new Map<string, ConnectionEnvNames>();
  for (const name of names) {
    const base = envStem(name);
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    out.set(name, namesFor(count === 1 ? base : `${base}_${count}`));
  }
  return out;
}
