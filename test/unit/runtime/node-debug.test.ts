/** NODE_DEBUG sections that print request headers are refused before anything runs (audit of 2026-12-02). */
import { spawnSync } from 'node:child_process';
import { UsageError } from '../../../src/errors';
import { refuseWireDebug } from '../../../src/runtime/node-debug';

describe('refuseWireDebug', () => {
  test.each(['http', 'HTTP', 'net', 'tls,http', 'fs net', '*', 'ht*', 'n*t'])(
    'refuses NODE_DEBUG=%s',
    (value) => {
      expect(() => refuseWireDebug({ NODE_DEBUG: value })).toThrow(UsageError);
    },
  );

  test.each([undefined, '', 'tls', 'fs,module', 'https', 'http2', 'httpx'])(
    'lets NODE_DEBUG=%s through',
    (value) => {
      expect(() => refuseWireDebug({ NODE_DEBUG: value })).not.toThrow();
    },
  );

  // The premise, checked against this Node: its http and net sections print an Authorization header.
  test.each(['http', 'net'])('NODE_DEBUG=%s does print request headers in this Node', (section) => {
    const script = `
      const http = require('node:http');
      const srv = http.createServer((q, r) => r.end('x')).listen(0, '127.0.0.1', () => {
        http.get({ host: '127.0.0.1', port: srv.address().port, headers: { authorization: 'Basic Q0FOQVJZ' } },
          (r) => { r.resume(); r.on('end', () => srv.close()); });
      });`;
    const run = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_DEBUG: section },
      encoding: 'utf8',
    });
    expect(run.stderr).toContain('Q0FOQVJZ');
  });
});
