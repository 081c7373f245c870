/**
 * Duo connections (`/duo-mfa/mfa`): the Duo Admin and Auth API keys ISE uses, and which identity sync feeds
 * them.
 *
 * Write-only keys. ISE's GET may mask the sKeys, leave them out, or return them; the spec does not say. So
 * ise-duo never compares an sKey it reads. Instead it keeps a keyed fingerprint of the two sKeys it last wrote
 * in a marker at the end of the connection's `description`: `Duo for VPN [ise-duo keys=1a2b3c4d5e6f]`. The
 * marker is hidden from the user-facing description, holds nothing that can be turned back into a key, and
 * needs no state file: any machine with the same file and the same keys computes the same fingerprint.
 * Where ISE returns the sKeys in clear, the fingerprint is computed from them instead (the truth beats the
 * marker). Where neither is available the keys are unknown, and the plan says so rather than guessing.
 *
 * ikeys are read back in clear, but treated as sensitive: compared by fingerprint and never shown.
 */

import type { WireApi, WireMfaConnection, WireMfaInfoRequest, WireMfaSummary } from '../client/wire-types';
import { isClearKey } from '../model/key-answer';
import { ikeyFingerprint, secretRef, sKeyFingerprints, sKeysFingerprint } from '../model/secret';
import type { ConnectionType, DuoConnection } from '../model/state';

export const DELETE_CONNECTION_REASON = 'deleting a Duo connection turns off MFA for whatever policy uses it';
export const API_HOST_CHANGE_REASON = 'changing apiHostName points ISE at another Duo account';

const MARKER = /\s*\[ise-duo keys=([0-9a-f]{12})\]\s*$/;

/** Splits ISE's description into the user's text and the fingerprint in ise-duo's marker, if any. */
export function parseDescription(raw: string | null | undefined): { text: string; keys: string | null } {
  const value = raw ?? '';
  const m = MARKER.exec(value);
  return m ? { text: value.slice(0, m.index).trim(), keys: m[1] } : { text: value.trim(), keys: null };
}

export function renderDescription(text: string, keysFingerprint: string | null): string {
  if (!keysFingerprint) return text;
  return text ? `${text} [ise-duo keys=${keysFingerprint}]` : `[ise-duo keys=${keysFingerprint}]`;
}

/** `"VPN, TACACS"` → `['TACACS', 'VPN']`. Unknown entries are kept (upper-cased) so that a diff shows them. */
export function parseTypes(packed: string | undefined): ConnectionType[] {
  const items = (packed ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter((t) => t.length > 0);
  return [...new Set(items)].sort() as ConnectionType[];
}

/** A value ISE sent for an sKey that is the key, not a mask or an empty string (`isClearKey`). */
const clearKey = (value: string | undefined): string | null => (isClearKey(value) ? value : null);

/** `requested`: the name the detail was read by, the name of a body without one (as for syncs). */
export function duoConnectionFromWire(wire: WireMfaConnection, requested?: string): DuoConnection {
  const name = wire.connectionName ?? requested ?? '';
  const account = wire.accountConfigurations ?? {};
  const admin: WireApi = account.adminApi ?? {};
  const auth: WireApi = account.authenticationApi ?? {};
  const { text, keys } = parseDescription(wire.description);
  const adminSkey = clearKey(admin.sKey);
  const authSkey = clearKey(auth.sKey);
  return {
    name,
    description: text,
    identitySync: (wire.identitySync ?? '').trim(),
    types: parseTypes(wire.type),
    apiHostName: (account.apiHostName ?? '').trim().toLowerCase(),
    adminIkeyFingerprint: ikeyFingerprint(name, 'adminApi.ikey', admin.ikey ?? ''),
    authIkeyFingerprint: ikeyFingerprint(name, 'authApi.ikey', auth.ikey ?? ''),
    secretKeysFingerprint: adminSkey && authSkey ? sKeysFingerprint(name, adminSkey, authSkey) : keys,
    sKeyFingerprints: adminSkey && authSkey ? sKeyFingerprints(name, adminSkey, authSkey) : null,
  };
}

/** The whole-object create/update body. Keys are placeholders; the client fills them in when it sends. */
export function duoConnectionToWire(conn: DuoConnection): WireMfaInfoRequest {
  return {
    mfa: {
      connectionName: conn.name,
      description: renderDescription(conn.description, conn.secretKeysFingerprint),
      identitySync: conn.identitySync,
      type: conn.types.join(','),
      accountConfigurations: {
        apiHostName: conn.apiHostName,
        adminApi: {
          ikey: { $secret: secretRef(conn.name, 'adminApi.ikey') },
          sKey: { $secret: secretRef(conn.name, 'adminApi.skey') },
        },
        authenticationApi: {
          ikey: { $secret: secretRef(conn.name, 'authApi.ikey') },
          sKey: { $secret: secretRef(conn.name, 'authApi.skey') },
        },
      },
    },
  };
}

/** A listed connection not read in detail: enough for the plan's names and references, nothing compared. */
export function connectionFromSummary(s: WireMfaSummary): DuoConnection {
  return {
    name: s.name ?? '',
    description: '',
    identitySync: (s.identitySync ?? '').trim(),
    types: parseTypes(s.type),
    apiHostName: (s.apiHostName ?? '').toLowerCase(),
    adminIkeyFingerprint: '',
    authIkeyFingerprint: '',
    secretKeysFingerprint: null,
    sKeyFingerprints: null,
  };
}
