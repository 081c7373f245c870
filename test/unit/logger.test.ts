/**
 * The CLI's logger is pino, built on the first line written: below its level nothing is built, children and
 * bindings behave as pino's, and a written line carries the bindings and the redaction.
 */
import { Writable } from 'node:stream';
import { createLogger, silentLogger } from '../../src/logger';

function sink() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

test('lines below the level write nothing; levels, children and bindings answer without writing', () => {
  const { lines, destination } = sink();
  const logger = createLogger({ level: 'info', destination, pretty: false });
  logger.debug({ a: 1 }, 'not written');
  logger.trace('not written either');
  expect(logger.level).toBe('info');
  expect(logger.isLevelEnabled('debug')).toBe(false);
  expect(logger.isLevelEnabled('warn')).toBe(true);
  const child = logger.child({ target: 'site.yaml' }).child({ component: 'executor' });
  expect(child.bindings()).toEqual({ target: 'site.yaml', component: 'executor' });
  expect(child.level).toBe('info');
  child.debug('not written');
  expect(lines).toEqual([]);
});

test('a written line carries its bindings and is redacted', () => {
  const { lines, destination } = sink();
  const logger = createLogger({ level: 'info', destination, pretty: false });
  const child = logger.child({ target: 'site.yaml' });
  child.warn({ body: { adminApi: { skey: 'canary-skey-5e1f' } } }, 'careful');
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0] as string);
  expect(line).toMatchObject({ level: 40, target: 'site.yaml', msg: 'careful' });
  expect(line.body.adminApi.skey).toBe('(sensitive)');
  expect(lines[0]).not.toContain('canary-skey-5e1f');
  // Once built, the logger is pino's own: a level set on it takes effect.
  child.level = 'debug';
  child.debug('now written');
  expect(lines).toHaveLength(2);
});

test("a child's own level applies to it, not to its parent", () => {
  const { lines, destination } = sink();
  const logger = createLogger({ level: 'warn', destination, pretty: false });
  const chatty = logger.child({ target: 'a' }, { level: 'debug' });
  expect(chatty.isLevelEnabled('debug')).toBe(true);
  chatty.debug('written');
  logger.info('not written');
  expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['written']);
});

test('the silent logger answers levels, children and bindings and never writes', () => {
  const quiet = silentLogger();
  expect(quiet.level).toBe('silent');
  expect(quiet.isLevelEnabled('fatal')).toBe(false);
  const child = quiet.child({ target: 'site.yaml' });
  expect(child.bindings()).toEqual({ target: 'site.yaml' });
  expect(() => child.error({ err: new Error('x') }, 'dropped')).not.toThrow();
});
