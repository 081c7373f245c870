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
 * The live reader sends the status alone in its first round anyway (`src/live/read-live-state.ts`), so a
 * plan pays no round trip for this; a client's other callers wait for their first answer.
 */
import { createHash } from 'node:crypto';

type GateState =
  | { kind: 'untested' }
  /** `settled` resolves with the 401's error, or undefined when the credentials passed or were not tested. */
  | { kind: 'testing'; settled: Promise<Error | undefined>; release: (refusal: Error | undefined) => void }
  | { kind: 'open' }
  | { kind: 'refused'; error: Error; until: number };

/** How long a 401 is taken as ISE's answer for the same credentials, without asking again. */
const REFUSAL_KEPT_MS = 5 * 60_000;

/** Per ISE origin and credentials, for the process: a fleet may hold the same pair many times. */
const gates = new Map<string, GateState>();

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
    const state = gates.get(key) ?? { kind: 'untested' };
    if (state.kind === 'open') return { testing: false };
    if (state.kind === 'refused' && Date.now() < state.until) throw state.error;
    if (state.kind === 'testing') {
      const refusal = await state.settled;
      if (refusal) throw refusal;
      continue;
    }
    let release: (refusal: Error | undefined) => void = () => undefined;
    const settled = new Promise<Error | undefined>((resolve) => {
      release = resolve;
    });
    gates.set(key, { kind: 'testing', settled, release });
    return { testing: true };
  }
}

/**
 * Ends the test: `refused` when ISE answered 401 (with the error the call throws), `proven` for any other
 * answer or a transport failure, `abandoned` when the request threw before an answer (a bug, an abort), so
 * that the next request tests again instead of the gate staying shut.
 */
export function settleLoginGate(key: string, outcome: 'proven' | 'abandoned' | { refused: Error }): void {
  const state = gates.get(key);
  if (state?.kind !== 'testing') return;
  const refusal = typeof outcome === 'object' ? outcome.refused : undefined;
  gates.set(
    key,
    refusal
      ? { kind: 'refused', error: refusal, until: Date.now() + REFUSAL_KEPT_MS }
      : { kind: outcome === 'abandoned' ? 'untested' : 'open' },
  );
  state.release(refusal);
}

/** Forgets every gate: for tests that answer 401 and then expect the same credentials to be asked again. */
export function resetLoginGates(): void {
  gates.clear();
}
