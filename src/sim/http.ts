/**
 * Small HTTP helpers shared by the API routes and the control endpoints. Every error the simulator sends uses
 * the spec's `Error` shape, `{code: "400", message}` with the code as a string, so a client under test meets
 * exactly what Cisco documents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A rule violation or lookup failure, answered with the spec's Error body. Thrown by the store and routes. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new SimError(400, message);
export const notFound = (what: string) => new SimError(404, `The specified resource was not found: ${what}`);

export interface SimResponse {
  status: number;
  /** Serialised as JSON; a string becomes a JSON string (the spec's `schema: type: string`). */
  body?: unknown;
  headers?: Record<string, string>;
}

export function errorResponse(status: number, message: string): SimResponse {
  return { status, body: { code: String(status), message } };
}

export function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

const MAX_BODY_BYTES = 1024 * 1024;

export interface RequestBody {
  text: string;
  /** Over 1 MiB: drained, not kept, and answered with a 400. */
  tooLarge: boolean;
}

/** Reads the whole request body. Oversized bodies are drained and reported, never buffered. */
export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk as Buffer);
  }
  return { text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge };
}

/** `undefined` for an empty body; throws a 400 for text that is not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
}

export function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] = 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}
