/**
 * ISE values that hold a known secret (audit finding 4). An admin may paste a Duo key into the wrong field
 * (description, API host, a name), or ISE may hold one elsewhere; plan, drift and export would then print
 * it and plan files would keep it. So the live state never holds such a value: once it is read, every
 * string in it that contains a secret the reader knows is replaced by the scrubber's marker, and only the
 * key fingerprints, which the reader computed itself, are left alone.
 *
 * The secrets known: the client's (`knownSecrets`: the file's keys, the ISE password, the Basic
 * credentials), and every key ISE returned in clear in this read, for any connection (so a key of one
 * connection in another one's description is caught whichever answer came first).
 *
 * A value matches when it contains a secret, regardless of ASCII case (ISE lower-cases the API host,
 * ise-duo upper-cases types); a secret shorter than the scrubber's fragment only when it is the whole value,
 * as the scrubber does, so that a short password does not blank out every word holding it. Fragments and
 * encodings are the scrubber's business for server text: a value held here is compared with the file, and
 * blanking one because it shares eight characters with a key would plan a change that is not there.
 *
 * The cost is one pass over the state's strings after the read, one hash step per character: for 400
 * objects and 1,200 secrets, about 1.5 ms (index and pass) of a read that takes 120-130 ms on the simulator.
 */
import type { IseClient } from '../client/types';
import type { WireApi, WireMfaConnection } from '../client/wire-types';
import { isClearKey } from '../model/key-answer';
import { SCRUBBED } from '../model/scrubber';
import { type HeldSecrets, heldSecrets } from '../model/secret-matcher';
import type { LiveState } from '../model/state';

/** Members that hold the reader's own fingerprints and hashes, never ISE's text. */
const OWN_MEMBERS = new Set([
  'adminIkeyFingerprint',
  'authIkeyFingerprint',
  'secretKeysFingerprint',
  'sKeyFingerprints',
  'fingerprints',
]);

/** `value` with every string holding a secret replaced by the marker; objects copied only where changed. */
export function redactHeld<T>(value: T, check: HeldSecrets): T {
  if (typeof value === 'string') return (check.holds(value) ? SCRUBBED : value) as T;
  if (Array.isArray(value)) {
    const items = value.map((item) => redactHeld(item, check));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  // for-in over own data members: Object.entries allocated a pair per member of every object read.
  for (const key in record) {
    if (OWN_MEMBERS.has(key)) continue;
    const member = record[key];
    if (typeof member !== 'string' && (member === null || typeof member !== 'object')) continue;
    const redacted = redactHeld(member, check);
    if (redacted === member) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    copy[key] = redacted;
  }
  return (copy ?? value) as T;
}

export interface SecretWatch {
  /** `client`, noting every key ISE returns in clear in a connection's details. */
  client: IseClient;
  /** The check for every secret known by now: the client's and the keys seen so far. */
  check(): Promise<HeldSecrets>;
}

export function watchSecrets(client: IseClient): SecretWatch {
  const seen = new Set<string>();
  const note = (api: WireApi | undefined) => {
    for (const key of [api?.ikey, api?.sKey]) if (isClearKey(key)) seen.add(key);
  };
  const watched = new Proxy(client, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver);
      if (property !== 'getDuoConnection' || typeof original !== 'function') return original;
      return async (name: string) => {
        const wire: WireMfaConnection = await original.call(target, name);
        note(wire.accountConfigurations?.adminApi);
        note(wire.accountConfigurations?.authenticationApi);
        return wire;
      };
    },
  });
  return {
    client: watched,
    check: async () => {
      const known = ((await client.knownSecrets?.()) ?? []).map((s) => s.reveal());
      return heldSecrets([...known, ...seen]);
    },
  };
}

/**
 * Redacts a live state read through `watch`, in place at the top level (the kinds' fingerprint hooks read
 * `state`'s members when asked, so they hash what is left). Read warnings are ise-duo's messages quoting
 * ISE's names: the secret in them is hidden, the message kept.
 */
export async function redactLiveState(state: LiveState, watch: SecretWatch): Promise<void> {
  const check = await watch.check();
  const members = state as unknown as Record<string, unknown>;
  for (const key of Object.keys(state)) {
    if (key === 'readWarnings' || OWN_MEMBERS.has(key)) continue;
    const redacted = redactHeld(members[key], check);
    if (redacted === members[key]) continue;
    members[key] = redacted;
    // The planner's notes look for the marker only when something was blanked: a walk per object saved.
    state.heldSecrets = true;
  }
  if (state.readWarnings) {
    state.readWarnings = state.readWarnings.map((w) => ({ ...w, message: check.hide(w.message) }));
  }
}
