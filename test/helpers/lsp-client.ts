/**
 * A minimal Language Server Protocol client over stdio (JSON-RPC with Content-Length framing), enough to
 * drive yaml-language-server as an editor would: requests with ids, notifications, answers to the server's
 * own requests (configuration, capability registration), and waiting for diagnostics of a document.
 * Hand-written (about 100 lines) rather than a dependency: the protocol's framing is all it needs.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

type Json = Record<string, unknown>;
export interface Diagnostic {
  range: { start: { line: number; character: number } };
  message: string;
  severity?: number;
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly waiters: Array<{ uri: string; resolve: (d: Diagnostic[]) => void }> = [];
  stderr = '';

  constructor(
    command: string,
    args: string[],
    private readonly settings: Json,
  ) {
    this.child = spawn(command, args, { stdio: 'pipe', env: { PATH: process.env.PATH } });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`language server exited: ${this.stderr}`));
    });
  }

  private write(message: Json): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1],
      );
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(
        this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'),
      );
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Json & { id?: number; method?: string; params?: Json }): void {
    if (message.method && message.id !== undefined) {
      // The server asks the client: settings for each requested section, or plain acknowledgement.
      const items = (message.params?.items as Array<{ section?: string }> | undefined) ?? [];
      const result =
        message.method === 'workspace/configuration'
          ? items.map((i) => (i.section ? this.settings[i.section] : this.settings) ?? null)
          : null;
      this.write({ id: message.id, result });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: Diagnostic[] };
      this.diagnostics.set(uri, diagnostics);
      for (const w of this.waiters.filter((x) => x.uri === uri)) w.resolve(diagnostics);
      this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((x) => x.uri !== uri));
    } else if (message.id !== undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) p?.reject(new Error(JSON.stringify(message.error)));
      else p?.resolve(message.result);
    }
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.write({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ method, params });
  }

  /** Opens a document and resolves with the first diagnostics the server publishes for it. */
  open(uri: string, text: string): Promise<Diagnostic[]> {
    const published = new Promise<Diagnostic[]>((resolve) => this.waiters.push({ uri, resolve }));
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return published;
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
  }
}
