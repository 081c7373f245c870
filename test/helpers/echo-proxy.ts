/**
 * A loopback proxy in front of the simulator that can make "ISE" echo what it was sent. Real ISE error bodies
 * quote request content back, and a proxy or WAF page may quote headers; the canary suite uses this to prove
 * that what comes back is scrubbed by the client before it reaches an error, a log or a report. A request
 * matching an echo rule is answered by the proxy with ISE's `{code, message}` error shape, the message
 * holding the request body and its Authorization header, or with whatever the rule's `render` makes of the
 * request (another encoding, a cut, a header); everything else is forwarded unchanged.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy received, for a rule's `render`. */
export interface EchoedRequest {
  method: string;
  url: string;
  body: string;
  authorization: string;
}

export interface EchoAnswer {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

export interface EchoRule {
  method: string;
  path: RegExp;
  status: number;
  /** The answer; default: `{code: 'echo', message}` with the method, URL, body and Authorization header. */
  render?: (request: EchoedRequest) => EchoAnswer;
}

/** The default echo's message text, for renderers that wrap it differently. */
export function echoText(r: EchoedRequest): string {
  return `Invalid request ${r.method} ${r.url}: ${r.body} (Authorization: ${r.authorization})`;
}

export interface EchoProxy {
  url: string;
  /** Replaces the rules; [] forwards everything. */
  echo(rules: EchoRule[]): void;
  /** How many requests were answered with an echo since the last `echo()`. */
  echoed(): number;
  close(): Promise<void>;
}

export async function startEchoProxy(upstream: string): Promise<EchoProxy> {
  const target = new URL(upstream);
  let rules: EchoRule[] = [];
  let echoed = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const rule = rules.find((r) => r.method === req.method && r.path.test(req.url ?? ''));
      if (rule) {
        echoed += 1;
        const seen: EchoedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          body: body.toString('utf8'),
          authorization: req.headers.authorization ?? '',
        };
        const answer = rule.render?.(seen) ?? {
          body: JSON.stringify({ code: 'echo', message: echoText(seen) }),
        };
        res.writeHead(answer.status ?? rule.status, {
          'content-type': 'application/json',
          ...answer.headers,
        });
        res.end(answer.body);
        return;
      }
      const forward = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
          agent: false,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.socket?.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    echo: (next) => {
      rules = next;
      echoed = 0;
    },
    echoed: () => echoed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
