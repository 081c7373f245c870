/**
 * A loopback stand-in for the part of GitLab's REST API (v4) the GitLab recipe calls: merge request notes,
 * the issue list, issue notes and new issues. It records every request (method, path, query, token, form
 * fields) so a test can assert what a pipeline posted, and answers list calls from what the test set.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitlabRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  token: string | undefined;
  /** The url-encoded form fields (`curl --data-urlencode`). */
  form: Record<string, string>;
}

export interface FakeGitlab {
  /** The API base, as CI_API_V4_URL would be: `http://127.0.0.1:<port>/api/v4`. */
  apiUrl: string;
  requests: GitlabRequest[];
  /** What `GET /projects/:id/issues` answers. */
  openIssues: Array<{ iid: number }>;
  stop(): Promise<void>;
}

const ROUTES: Array<[string, RegExp]> = [
  ['POST', /^\/api\/v4\/projects\/[^/]+\/merge_requests\/\d+\/notes$/],
  ['GET', /^\/api\/v4\/projects\/[^/]+\/issues$/],
  ['POST', /^\/api\/v4\/projects\/[^/]+\/issues\/\d+\/notes$/],
  ['POST', /^\/api\/v4\/projects\/[^/]+\/issues$/],
];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolvePromise(text));
  });
}

export async function startFakeGitlab(): Promise<FakeGitlab> {
  const fake = { requests: [] as GitlabRequest[], openIssues: [] as Array<{ iid: number }> };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = Object.fromEntries(new URLSearchParams(await body(req)));
    const token = req.headers['private-token'] as string | undefined;
    fake.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      token,
      form,
    });
    const known = ROUTES.some(([method, path]) => method === req.method && path.test(url.pathname));
    const status = !token ? 401 : known ? (req.method === 'POST' ? 201 : 200) : 404;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.method === 'GET' && known ? fake.openIssues : { id: fake.requests.length }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    apiUrl: `http://127.0.0.1:${port}/api/v4`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  });
}
