/**
 * The world outside ISE's Duo API, as the seed describes it: AD join points with their groups, which Duo
 * keys Duo would reject, whether ISE's ERS API is switched on, whether ISE matches sync and connection
 * names regardless of case, how it stores a rule's and/or blocks, and how it answers a rule's connection.
 * The store asks it to resolve a sync's references and to "call Duo" for testconnection; the ERS routes
 * read the join points from it.
 */
import type { WireAccountConfigurations, WireIdentitySync } from '../client/wire-types';
import { badRequest } from './http';
import { MASKED_SECRET, type SeedActiveDirectory, type SimSeed } from './types';

/** Duo API host names: `api-xxxxxxxx.duosecurity.com`, or the Federal `duofederal.com`. */
const DUO_HOST = /^api-[a-z0-9-]+\.(duosecurity\.com|duofederal\.com)$/i;

export const TEST_FAILED = 'Failed to verify the Auth and Admin Keys of the Duo Host';
export const TEST_PASSED = 'Successfully verified the Auth and Admin Keys of the Duo Host';

export class Directory {
  readonly #dirs: SeedActiveDirectory[];
  readonly #rejected: Set<string>;
  /** The seed's `ersEnabled`, default true. Fixed for the simulator's life: no API switches ERS. */
  readonly ersEnabled: boolean;
  /** The seed's `namesIgnoreCase`, default false: how the store matches sync and connection names. */
  readonly namesIgnoreCase: boolean;
  /** The seed's `rewritesConditionBlocks`, default false: how the policy store keeps a rule's condition. */
  readonly rewritesConditionBlocks: boolean;
  /** The seed's `rulesAnswerConnectionHost`, default false: what a rule's GET says its connection is. */
  readonly rulesAnswerConnectionHost: boolean;
  /** The seed's `rewritesMacOperators`, default false: whether MAC attributes' operators are stored as `mac*`. */
  readonly rewritesMacOperators: boolean;
  /** The seed's `unknownDeleteStatus`, default 404: what a DELETE of an unknown sync or connection answers. */
  readonly unknownDeleteStatus: 404 | 500;

  constructor(seed: SimSeed) {
    this.#dirs = seed.activeDirectories;
    this.#rejected = new Set(seed.rejectedKeys ?? []);
    this.ersEnabled = seed.ersEnabled ?? true;
    this.namesIgnoreCase = seed.namesIgnoreCase ?? false;
    this.rewritesConditionBlocks = seed.rewritesConditionBlocks ?? false;
    this.rulesAnswerConnectionHost = seed.rulesAnswerConnectionHost ?? false;
    this.rewritesMacOperators = seed.rewritesMacOperators ?? false;
    this.unknownDeleteStatus = seed.unknownDeleteStatus ?? 404;
  }

  get joinPoints(): SeedActiveDirectory[] {
    return this.#dirs;
  }

  /** `adgroups/{activeDirectory}` accepts the directoryID or the join point name. */
  find(ref: string): SeedActiveDirectory | undefined {
    return this.#dirs.find((d) => d.directoryID === ref) ?? this.#dirs.find((d) => d.name === ref);
  }

  /** ERS `activedirectory/{id}`: by the join point's id (its `directoryID`) only, never its name. */
  byId(id: string): SeedActiveDirectory | undefined {
    return this.#dirs.find((d) => d.directoryID === id);
  }

  /**
   * Checks a sync's join points and groups against the seed and fills each group's `sid` from it.
   * Join points match by name; a directoryID or domain that is given must agree (domain ignoring case).
   */
  resolve(sync: WireIdentitySync): WireIdentitySync {
    const used = new Map<string, SeedActiveDirectory>();
    for (const ad of sync.configurations?.activeDirectories ?? []) {
      const known = this.#dirs.find((d) => d.name === ad.name);
      if (!known) throw badRequest(`Unknown Active Directory join point ${JSON.stringify(ad.name)}`);
      if (ad.directoryID !== undefined && ad.directoryID !== known.directoryID) {
        throw badRequest(
          `Active Directory ${known.name}: directoryID ${JSON.stringify(ad.directoryID)} does not match`,
        );
      }
      if (ad.domain !== undefined && ad.domain.toLowerCase() !== known.domain.toLowerCase()) {
        throw badRequest(
          `Active Directory ${known.name}: domain ${JSON.stringify(ad.domain)} does not match`,
        );
      }
      used.set(known.name, known);
    }
    const seen = new Set<string>();
    const adGroups = (sync.adGroups ?? []).map((group) => {
      const key = `${group.source}\n${group.name}`;
      if (seen.has(key)) throw badRequest(`AD group ${JSON.stringify(group.name)} is listed twice`);
      seen.add(key);
      const dir = used.get(group.source ?? '');
      if (!dir) {
        throw badRequest(
          `AD group ${JSON.stringify(group.name)}: source ${JSON.stringify(group.source)} is not one of this sync's activeDirectories`,
        );
      }
      const known = dir.groups.find((g) => g.name === group.name);
      if (!known) throw badRequest(`AD group ${JSON.stringify(group.name)} is not a group of ${dir.name}`);
      return { name: known.name, sid: known.sid, source: dir.name };
    });
    return sync.adGroups === undefined ? sync : { ...sync, adGroups };
  }

  /**
   * Plays Duo's part in testconnection. Rejected: a missing key, a key listed in the seed's `rejectedKeys`, the
   * mask (a client echoing GET output back), or a host name that is not a Duo API host.
   */
  testKeys(accounts: WireAccountConfigurations): boolean {
    const keys = [accounts.adminApi, accounts.authenticationApi].flatMap((api) => [api?.ikey, api?.sKey]);
    if (keys.some((k) => !k || k === MASKED_SECRET || this.#rejected.has(k))) return false;
    return DUO_HOST.test(accounts.apiHostName ?? '');
  }
}
