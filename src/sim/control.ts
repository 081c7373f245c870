/**
 * The `/_sim/` control endpoints: the HTTP face of the in-process test hooks, for tests and tools that run the
 * simulator as a separate process (`ise-duo sim`). Outside `/api` and without auth on purpose: they are not
 * part of ISE, and the simulator only ever listens on loopback.
 */
import { errorResponse, ok, parseJson, type SimResponse } from './http';
import type { FaultSpec, SimRequest, SimSnapshot } from './types';
import { isObject } from './validate';

/** What the control endpoints act on; the running simulator implements it. */
export interface ControlTarget {
  requestLog(): SimRequest[];
  clearLog(): void;
  reset(): void;
  setLatency(ms: number): void;
  addFault(fault: FaultSpec): void;
  listFaults(): FaultSpec[];
  clearFaults(): void;
  snapshot(): SimSnapshot;
}

type ControlHandler = (target: ControlTarget, body: unknown) => SimResponse;

const DONE = { ok: true };

const handlers: Record<string, ControlHandler> = {
  'GET /_sim/requests': (t) => ok(t.requestLog()),
  'DELETE /_sim/requests': (t) => {
    t.clearLog();
    return ok(DONE);
  },
  'POST /_sim/reset': (t) => {
    t.reset();
    return ok(DONE);
  },
  'PUT /_sim/latency': (t, body) => {
    const ms = isObject(body) ? body.ms : undefined;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      return errorResponse(400, 'Expected {"ms": <milliseconds ≥ 0>}');
    }
    t.setLatency(ms);
    return ok({ ms });
  },
  'GET /_sim/faults': (t) => ok(t.listFaults()),
  'POST /_sim/faults': (t, body) => {
    t.addFault(body as FaultSpec);
    return ok({ ok: true, faults: t.listFaults() });
  },
  'DELETE /_sim/faults': (t) => {
    t.clearFaults();
    return ok(DONE);
  },
  'GET /_sim/state': (t) => ok(t.snapshot()),
};

/** Answers one control request. Bad input answers 400 (via SimError from parseJson / addFault). */
export function handleControl(
  target: ControlTarget,
  method: string,
  pathname: string,
  text: string,
): SimResponse {
  const handler = handlers[`${method} ${pathname.replace(/\/+$/, '')}`];
  if (!handler) return errorResponse(404, `No simulator control endpoint ${method} ${pathname}`);
  return handler(target, parseJson(text));
}
