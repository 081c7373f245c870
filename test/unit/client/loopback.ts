/**
 * A scripted HTTP server on 127.0.0.1 for the failures nock cannot fake reliably: connections reset after the
 * request arrived, answers that never come, and ports where nothing listens. Each request consumes the next
 * step of the script; every request is recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step =
  | 'reset'
  | 'hang'
  | { status: number; body?: string | object; headers?: Record<string, string> };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Loopback {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function answer(step: Step, res: import('node:http').ServerResponse): void {
  if (step === 'reset') {
    res.socket?.destroy();
    return;
  }
  if (step === 'hang') return;
  const json = typeof step.body === 'object';
  const body = json ? JSON.stringify(step.body) : (step.body ?? '');
  const type = json ? { 'Content-Type': 'application/json' } : {};
  res.writeHead(step.status, { ...type, ...step.headers });
  res.end(body);
}

/** Listens on `port` (0: any free port). */
export async function scriptedServer(steps: Step[], port = 0): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(steps.shift() ?? { status: 599, body: 'script exhausted' }, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { closedPort } from '../../helpers/closed-port';
