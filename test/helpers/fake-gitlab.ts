/**
 * A loopback stand-in for the part of GitLab's REST API (v4) the GitLab recipe calls: the token's user, merge
 * request notes (listed a page at a time, newest update first, created and updated: kept, so a second
 * pipeline finds the first one's note; each with its author), the issue list, issue notes, new issues and
 * issue updates. It records every request (method, path, query, token, form fields) so a test can assert
 * what a pipeline posted, and answers the issue list from what the test set.
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

/** The id of the user GitLab says the token belongs to (`GET /user`). */
export const TOKEN_USER_ID = 77;

export interface MrNote {
  id: number;
  body: string;
  author: { id: number };
}

export interface FakeGitlab {
  /** The API base, as CI_API_V4_URL would be: `http://127.0.0.1:<port>/api/v4`. */
  apiUrl: string;
  requests: GitlabRequest[];
  /** What `GET /projects/:id/issues` answers. */
  openIssues: Array<{ iid: number }>;
  /** The merge request notes (any merge request), oldest update first; the recipe's by TOKEN_USER_ID. */
  mrNotes: MrNote[];
  stop(): Promise<void>;
}

const MR_NOTES = /^\/api\/v4\/projects\/[^/]+\/merge_requests\/\d+\/notes$/;
const MR_NOTE = /^\/api\/v4\/projects\/[^/]+\/merge_requests\/\d+\/notes\/(\d+)$/;
const ISSUES = /^\/api\/v4\/projects\/[^/]+\/issues$/;

const ROUTES: Array<[string, RegExp]> = [
  ['GET', /^\/api\/v4\/user$/],
  ['GET', MR_NOTES],
  ['POST', MR_NOTES],
  ['PUT', MR_NOTE],
  ['GET', ISSUES],
  ['POST', /^\/api\/v4\/projects\/[^/]+\/issues\/\d+\/notes$/],
  ['POST', ISSUES],
  ['PUT', /^\/api\/v4\/projects\/[^/]+\/issues\/\d+$/],
];

/** The answer to a known route: the stored notes and issues for lists, the note for note writes. */
function answerFor(
  fake: Omit<FakeGitlab, 'apiUrl' | 'stop'>,
  method: string,
  url: URL,
  form: Record<string, string>,
): unknown {
  const path = url.pathname;
  if (method === 'GET' && path === '/api/v4/user') return { id: TOKEN_USER_ID, username: 'ise-duo-bot' };
  if (method === 'GET' && MR_NOTES.test(path)) {
    // order_by=updated_at&sort=desc: the last one updated first (an update moves a note to the end).
    const perPage = Number(url.searchParams.get('per_page') ?? 20);
    const page = Number(url.searchParams.get('page') ?? 1);
    return [...fake.mrNotes].reverse().slice((page - 1) * perPage, page * perPage);
  }
  if (method === 'GET') return fake.openIssues;
  if (method === 'POST' && MR_NOTES.test(path)) {
    const note = { id: 100 + fake.mrNotes.length, body: form.body ?? '', author: { id: TOKEN_USER_ID } };
    fake.mrNotes.push(note);
    return note;
  }
  const edited = MR_NOTE.exec(path);
  if (method === 'PUT' && edited) {
    const at = fake.mrNotes.findIndex((n) => n.id === Number(edited[1]));
    if (at < 0) return {};
    const [note] = fake.mrNotes.splice(at, 1);
    note.body = form.body ?? '';
    fake.mrNotes.push(note);
    return note;
  }
  return { id: fake.requests.length };
}

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
  const fake = {
    requests: [] as GitlabRequest[],
    openIssues: [] as Array<{ iid: number }>,
    mrNotes: [] as MrNote[],
  };
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
    const answer = status < 300 ? answerFor(fake, req.method ?? '', url, form) : { message: 'no' };
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    apiUrl: `http://127.0.0.1:${port}/api/v4`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  });
}
