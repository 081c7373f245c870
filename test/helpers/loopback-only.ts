/**
 * The rule that no test reaches beyond this machine, kept without nock. Every TCP connection in Node (http,
 * https, tls, axios, fetch) is made by `net.Socket.prototype.connect`; wrapped here, a connection to any host
 * but loopback throws before a packet is sent, naming the host. Unix-socket paths are local and allowed.
 *
 * This used to be nock's `disableNetConnect` in every test file. But loading nock activates its interceptor
 * on Node's shared http module, and every request then pays for it, even one let through to a simulator on
 * loopback: about a third of the CPU of a suite that talks to the simulator (the canary suite ran in 18 s
 * instead of 26 s without it). Only the files that mock ISE load nock now (helpers/nock.ts).
 */
import net from 'node:net';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const GUARDED = Symbol.for('ise-duo.test.loopbackOnly');

interface ConnectTarget {
  host?: string;
  port?: number | string;
  path?: string;
}

/** Where a `Socket#connect` call's arguments point: Node's internal normalized form, options, or (port, host). */
export function connectTarget(args: unknown[]): ConnectTarget {
  const [first, second] = args;
  if (Array.isArray(first)) return (first[0] ?? {}) as ConnectTarget;
  if (first !== null && typeof first === 'object') return first as ConnectTarget;
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { port: first as number, host: typeof second === 'string' ? second : undefined };
}

/** Whether a connection to `target` stays on this machine (no host means Node's default, localhost). */
export function isLoopback(target: ConnectTarget): boolean {
  if (target.path !== undefined) return true;
  return target.host === undefined || LOOPBACK_HOSTS.has(target.host.toLowerCase());
}

/** Installs the guard once per worker process (the net module is shared by every test file in it). */
export function allowLoopbackOnly(): void {
  const proto = net.Socket.prototype as net.Socket & { [GUARDED]?: true };
  if (proto[GUARDED]) return;
  const connect = proto.connect;
  proto.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (!isLoopback(target)) {
      throw new Error(
        `a test tried to connect to ${target.host}:${target.port}; tests may reach only loopback (test/setup.ts)`,
      );
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof proto.connect;
  proto[GUARDED] = true;
}
