/**
 * `NODE_DEBUG=http` (or `net`, or a wildcard that covers them) makes Node itself print every request's
 * headers and bytes to stderr, ISE's `Authorization: Basic …` (the password, base64-encoded) among them.
 * Node reads the variable when it starts, before any of ise-duo's code runs, so it cannot be switched off
 * here: a run with it is refused before any request, pointing to `--log-level debug`, which logs each
 * request without its credentials.
 */
import { UsageError } from '../errors';

/** The debug sections whose output carries request headers or bodies. */
const WIRE_SECTIONS = ['http', 'net'];

/** Node's own matching: sections separated by commas or spaces, `*` as a wildcard, case ignored. */
function matches(pattern: string, section: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i').test(section);
}

export function refuseWireDebug(env: NodeJS.ProcessEnv): void {
  const patterns = (env.NODE_DEBUG ?? '').split(/[\s,]+/).filter(Boolean);
  const printed = WIRE_SECTIONS.filter((s) => patterns.some((p) => matches(p, s)));
  if (printed.length === 0) return;
  throw new UsageError(
    `NODE_DEBUG="${env.NODE_DEBUG}" makes Node print every request's headers, ISE's credentials among them (sections: ${printed.join(', ')})`,
    'unset NODE_DEBUG (or leave out http and net), and use --log-level debug, which logs requests without credentials',
  );
}
