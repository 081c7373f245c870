/**
 * The simulated ISE's configuration database and the rules a real ISE enforces on it: unique names, existing
 * references, no deleting a sync a connection still uses, no renaming through PUT. Bodies arrive here already
 * shape-checked (validate*.ts); every rule violation is a SimError carrying the status to answer with.
 * Objects are kept in insertion order (what the list endpoints return) and handed out as copies only.
 */
import type {
  WireAccountConfigurations,
  WireIdentitySync,
  WireMfaConnection,
  WireSyncStatus,
} from '../client/wire-types';
import type { Directory } from './directory';
import { badRequest, notFound, SimError } from './http';
import type { SimSnapshot } from './types';
import { put } from './validate';

/** The part of the simulator's state this store holds (the policy store holds the rest). */
export type ObjectSnapshot = Pick<SimSnapshot, 'mfaEnabled' | 'connections' | 'syncs'>;

/** The server-owned fields of a sync, kept across updates and never taken from a client. */
export type SyncServerFields = Pick<WireIdentitySync, 'lastSync' | 'syncStatus'>;

const copy = <T>(value: T): T => structuredClone(value);

function withServerFields(sync: WireIdentitySync, server: SyncServerFields): WireIdentitySync {
  const out = copy(sync);
  put(out, 'lastSync', server.lastSync);
  put(out, 'syncStatus', server.syncStatus);
  return out;
}

export class SimStore {
  #mfaEnabled = false;
  readonly #connections = new Map<string, WireMfaConnection>();
  readonly #syncs = new Map<string, WireIdentitySync>();
  /** Called after every mutation (the state file is written from here). */
  onChange: () => void = () => {};
  /** The MFA rules that name a connection (the policy store hooks in here), which block its deletion. */
  connectionUsers: (connectionName: string) => string[] = () => [];

  constructor(readonly directory: Directory) {}

  /**
   * The map key of a name: the name itself, or folded when the seed plays an ISE that matches names
   * regardless of case (`namesIgnoreCase`). Objects keep the spelling they were created with.
   */
  #key(name: string): string {
    return this.directory.namesIgnoreCase ? name.toLowerCase() : name;
  }

  /** Whether two names denote the same object on this ISE. */
  #same(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && this.#key(a) === this.#key(b);
  }

  get mfaEnabled(): boolean {
    return this.#mfaEnabled;
  }

  setMfaEnabled(enabled: boolean): void {
    this.#mfaEnabled = enabled;
    this.onChange();
  }

  /** Replaces everything with a snapshot that was already validated (seed, state file, reset). */
  load(snapshot: ObjectSnapshot): void {
    this.#mfaEnabled = snapshot.mfaEnabled;
    this.#connections.clear();
    this.#syncs.clear();
    for (const c of snapshot.connections) this.#connections.set(this.#key(c.connectionName ?? ''), copy(c));
    for (const s of snapshot.syncs) this.#syncs.set(this.#key(s.syncName ?? ''), copy(s));
  }

  snapshot(): ObjectSnapshot {
    return { mfaEnabled: this.#mfaEnabled, connections: this.listConnections(), syncs: this.listSyncs() };
  }

  listConnections(): WireMfaConnection[] {
    return [...this.#connections.values()].map(copy);
  }

  /** The lookup before a DELETE: an unknown name answers as the seed says (`unknownDeleteStatus`). */
  #deleting(lookup: () => unknown): void {
    try {
      lookup();
    } catch (err) {
      if (err instanceof SimError && err.status === 404 && this.directory.unknownDeleteStatus === 500)
        throw new SimError(500, err.message);
      throw err;
    }
  }

  findConnection(name: string): WireMfaConnection | undefined {
    const found = this.#connections.get(this.#key(name));
    return found && copy(found);
  }

  getConnection(name: string): WireMfaConnection {
    const found = this.#connections.get(this.#key(name));
    if (!found) throw notFound(`Duo-MFA configuration ${JSON.stringify(name)}`);
    return copy(found);
  }

  #checkSyncReference(conn: WireMfaConnection): void {
    const ref = conn.identitySync;
    if (ref && !this.#syncs.has(this.#key(ref)))
      throw badRequest(`Identity sync ${JSON.stringify(ref)} does not exist`);
  }

  createConnection(conn: WireMfaConnection): void {
    const name = conn.connectionName ?? '';
    if (this.#connections.has(this.#key(name))) {
      throw badRequest(`Duo-MFA configuration ${JSON.stringify(name)} already exists`);
    }
    this.#checkSyncReference(conn);
    this.#connections.set(this.#key(name), copy(conn));
    this.onChange();
  }

  /** A full replacement: PUT carries the whole object, so fields it leaves out are gone afterwards. */
  updateConnection(name: string, conn: WireMfaConnection): void {
    this.getConnection(name);
    if (!this.#same(conn.connectionName, name)) {
      throw badRequest(`mfa.connectionName ${JSON.stringify(conn.connectionName)} does not match the path`);
    }
    this.#checkSyncReference(conn);
    this.#connections.set(this.#key(name), copy(conn));
    this.onChange();
  }

  deleteConnection(name: string): void {
    this.#deleting(() => this.getConnection(name));
    const users = this.connectionUsers(name);
    if (users.length > 0) {
      throw badRequest(
        `Duo-MFA configuration ${JSON.stringify(name)} is used by MFA rule(s) ${users.join(', ')}; delete those rules or point them at another connection first`,
      );
    }
    this.#connections.delete(this.#key(name));
    this.onChange();
  }

  /**
   * testconnection: the body's keys, each missing part filled from the stored connection of that name. With no
   * body the stored connection must exist (404 otherwise); with a body it need not (pre-flight of new keys).
   */
  testConnection(name: string, given: WireAccountConfigurations | undefined): boolean {
    const stored = given ? this.#connections.get(this.#key(name)) : this.getConnection(name);
    const base = stored?.accountConfigurations ?? {};
    const merged: WireAccountConfigurations = {
      apiHostName: given?.apiHostName ?? base.apiHostName,
      adminApi: { ...base.adminApi, ...given?.adminApi },
      authenticationApi: { ...base.authenticationApi, ...given?.authenticationApi },
    };
    return this.directory.testKeys(merged);
  }

  listSyncs(): WireIdentitySync[] {
    return [...this.#syncs.values()].map(copy);
  }

  getSync(name: string): WireIdentitySync {
    const found = this.#syncs.get(this.#key(name));
    if (!found) throw notFound(`Identitysync configuration ${JSON.stringify(name)}`);
    return copy(found);
  }

  /** The connection that uses a sync (the list's `destination`), or "" when none does. */
  destinationOf(syncName: string): string {
    for (const c of this.#connections.values())
      if (this.#same(c.identitySync, syncName)) return c.connectionName ?? '';
    return '';
  }

  createSync(sync: WireIdentitySync, server: SyncServerFields = {}): void {
    const name = sync.syncName ?? '';
    if (this.#syncs.has(this.#key(name)))
      throw badRequest(`Identitysync configuration ${JSON.stringify(name)} already exists`);
    this.#syncs.set(this.#key(name), withServerFields(this.directory.resolve(sync), server));
    this.onChange();
  }

  updateSync(name: string, sync: WireIdentitySync): void {
    const current = this.getSync(name);
    if (!this.#same(sync.syncName, name)) {
      throw badRequest(`identitySync.syncName ${JSON.stringify(sync.syncName)} does not match the path`);
    }
    const server: SyncServerFields = { lastSync: current.lastSync, syncStatus: current.syncStatus };
    this.#syncs.set(this.#key(name), withServerFields(this.directory.resolve(sync), server));
    this.onChange();
  }

  deleteSync(name: string): void {
    this.#deleting(() => this.getSync(name));
    const user = this.destinationOf(name);
    if (user)
      throw badRequest(
        `Identitysync configuration ${JSON.stringify(name)} is used by Duo-MFA configuration ${JSON.stringify(user)}`,
      );
    this.#syncs.delete(this.#key(name));
    this.onChange();
  }

  /** Server-side progress of a sync run (sync-job-runner.ts). A sync deleted meanwhile is left alone. */
  setSyncStatus(name: string, syncStatus: WireSyncStatus, lastSync?: string): void {
    const sync = this.#syncs.get(this.#key(name));
    if (!sync) return;
    sync.syncStatus = syncStatus;
    if (lastSync !== undefined) sync.lastSync = lastSync;
    this.onChange();
  }
}
