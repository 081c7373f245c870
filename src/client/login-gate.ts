/**
 * One login attempt at a time until ISE has accepted the credentials. ISE locks an admin account after a
 * number of failed logins in a row (Lock/Suspend Settings; the DISA STIG for ISE requires 3 or fewer), and a
 * read starts with several requests at once: with a wrong password, one run made three failed logins and
 * locked the account on a hardened ISE. So, per ISE and set of credentials, the first request goes alone;
 * the others wait for its answer. Any answer but 401 proves the credentials (403 means a missing role, not a
 * wrong password) and lets everything through from then on; a 401 fails every request that waited, and every
 * later one for the next five minutes, with the same error, unsent: a fleet whose targets share one ISE and
 * a wrong password makes one failed login in all, not one per target. After that, the next request tests the
 * credentials alone again, so a long-lived process sees an account unlocked or the API switched on (ISE
 * suspends a locked account for 15 minutes or more, so asking sooner with the same password is pointless).
 * A transport failure proves nothing, but holding requests back then would only slow down a read that is
 * failing anyway, so it opens the gate as well.
 *
 * The cost is one round trip at the start of a target's first read (its other first requests wait for the
 * status answer); a fleet's targets that share an ISE and credentials pay it once.
 */
import { createHash } from 'node:crypto';
import type { Attempt } from './http';

/** While testing: settles with the 401's error, or undefined when the credentials passed. */
type GateState =
  | { kind: 'untested' }
  | { kind: 'testing'; settled: Promise<Error | undefined> }
  | { kind: 'open' }
  | { kind: 'refused'; error: Error; until: number };

/** How long a 401 is taken as ISE's answer for the same credentials, without asking again. */
const REFUSAL_KEPT_MS = 5 * 60_000;

/** Per ISE origin and credentials, for the process: a fleet may hold the same pair many times. */
const gates = new Map<string, { state: GateState; release?: (refusal: Error | undefined) => void }>();

/** The gate's key: the credentials enter it hashed, so no structure holds them a second time. */
export function loginGateKey(host: string, authorization: string): string {
  return `${host}\u0000${createHash('sha256').update(authorization).digest('base64')}`;
}

export interface LoginTicket {
  /** Whether this request is the one testing the credentials (it must report its answer). */
  testing: boolean;
}

/** Waits until this request may be sent; throws the testing request's 401 when ISE refused the credentials. */
export async function passLoginGate(key: string): Promise<LoginTicket> {
  for (;;) {
    let gate = gates.get(key);
    if (!gate) {
      gate = { state: { kind: 'untested' } };
      gates.set(key, gate);
    }
    const { state } = gate;
    if (state.kind === 'open') return { testing: false };
    if (state.kind === 'refused') {
      if (Date.now() < state.until) throw state.error;
      gate.state = { kind: 'untested' };
      continue;
    }
    if (state.kind === 'testing') {
      const refusal = await state.settled;
      if (refusal) throw refusal;
      continue;
    }
    const entry = gate;
    const settled = new Promise<Error | undefined>((resolve) => {
      entry.release = resolve;
    });
    entry.state = { kind: 'testing', settled };
    return { testing: true };
  }
}

/** Reports the testing request's outcome; `failure` is the error its call throws on a 401. */
export function settleLoginGate(key: string, attempt: Attempt, failure: () => Error): void {
  const gate = gates.get(key);
  if (gate?.state.kind !== 'testing') return;
  const refused = 'response' in attempt && attempt.response.status === 401;
  const error = refused ? failure() : undefined;
  gate.state = error ? { kind: 'refused', error, until: Date.now() + REFUSAL_KEPT_MS } : { kind: 'open' };
  gate.release?.(error);
  gate.release = undefined;
}

/** Lets a request that threw before an answer (a bug, an abort) not hold the gate shut. */
export function abandonLoginGate(key: string): void {
  const gate = gates.get(key);
  if (gate?.state.kind !== 'testing') return;
  gate.state = { kind: 'untested' };
  gate.release?.(undefined);
  gate.release = undefined;
}

/** Forgets every gate: for tests that answer 401 and then expect the same credentials to be asked again. */
export function resetLoginGates(): void {
  gates.clear();
}
