/**
 * Injected faults, so a client's retry, timeout and "did my write land?" logic can be tested against the
 * failures a real network and a busy ISE produce. A fault matches by method and path (exact, or a prefix
 * ending in `*`), counts the matching requests from the moment it was added, and fires on the Nth one and the
 * `times - 1` after it. Exhausted faults are dropped.
 */
import { badRequest } from './http';
import { FAULT_KINDS, type FaultKind, type FaultSpec } from './types';
import { isObject } from './validate';

interface ActiveFault {
  spec: FaultSpec;
  nth: number;
  times: number;
  seen: number;
  fired: number;
}

function positiveInt(value: unknown, key: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < min)
    throw badRequest(`fault.${key} must be an integer ≥ ${min}`);
  return value as number;
}

function optText(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw badRequest(`fault.${key} must be a non-empty string`);
  return value;
}

/** Checks a fault description (from `POST /_sim/faults` or `addFault`); throws a 400 SimError. */
export function parseFault(value: unknown): FaultSpec {
  if (!isObject(value)) throw badRequest('A fault must be a JSON object');
  if (!FAULT_KINDS.includes(value.kind as FaultKind)) {
    throw badRequest(`fault.kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const spec: FaultSpec = { kind: value.kind as FaultKind };
  const method = optText(value.method, 'method');
  const path = optText(value.path, 'path');
  if (path !== undefined && !path.startsWith('/')) throw badRequest('fault.path must start with /');
  const fields = {
    method: method?.toUpperCase(),
    path,
    nth: positiveInt(value.nth, 'nth', 1),
    times: positiveInt(value.times, 'times', 1),
    retryAfterSeconds: positiveInt(value.retryAfterSeconds, 'retryAfterSeconds', 0),
  };
  for (const [key, v] of Object.entries(fields))
    if (v !== undefined) (spec as unknown as Record<string, unknown>)[key] = v;
  return spec;
}

function pathMatches(pattern: string | undefined, paths: string[]): boolean {
  if (pattern === undefined) return true;
  if (pattern.endsWith('*')) return paths.some((p) => p.startsWith(pattern.slice(0, -1)));
  return paths.includes(pattern);
}

export class FaultRegistry {
  #faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const checked = parseFault(spec);
    this.#faults.push({ spec: checked, nth: checked.nth ?? 1, times: checked.times ?? 1, seen: 0, fired: 0 });
  }

  clear(): void {
    this.#faults = [];
  }

  list(): FaultSpec[] {
    return this.#faults.map((f) => ({ ...f.spec }));
  }

  /**
   * The fault that fires for this request, if any. Every matching fault counts the request, even when an
   * earlier one fires. `paths` holds the raw and the percent-decoded path, so either spelling matches.
   */
  take(method: string, paths: string[]): FaultSpec | undefined {
    let firing: ActiveFault | undefined;
    for (const fault of this.#faults) {
      if (fault.spec.method !== undefined && fault.spec.method !== method) continue;
      if (!pathMatches(fault.spec.path, paths)) continue;
      fault.seen += 1;
      if (!firing && fault.seen >= fault.nth && fault.fired < fault.times) {
        fault.fired += 1;
        firing = fault;
      }
    }
    this.#faults = this.#faults.filter((f) => f.fired < f.times);
    return firing?.spec;
  }
}
