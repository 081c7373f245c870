/**
 * The apply prompt on a terminal (audit of 2026-12-02: Ctrl-C and Ctrl-D there were reported as internal
 * errors, exit 1). Driven through readline's terminal mode on in-memory streams: the keys a terminal sends.
 */
import { PassThrough } from 'node:stream';
import { askYes } from '../../../src/cli/confirm-prompt';
import { isIseDuoError } from '../../../src/errors';
import { ExitCode, exitCodeFor } from '../../../src/exit-codes';

function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d) => {
    shown += String(d);
  });
  return { input, output, shown: () => shown };
}

/** Asks, then types `keys` once the question is on screen. */
async function answer(keys: string, signal?: AbortSignal): Promise<boolean> {
  const t = terminal();
  const asked = askYes('Apply these 2 change(s)?', { input: t.input, output: t.output, signal });
  await new Promise((resolve) => setImmediate(resolve));
  expect(t.shown()).toContain('Only "yes" is accepted: ');
  if (keys) t.input.write(keys);
  return asked;
}

test('"yes" accepts; anything else declines', async () => {
  await expect(answer('yes\r')).resolves.toBe(true);
  await expect(answer('  yes \r')).resolves.toBe(true);
  for (const no of ['no\r', 'y\r', 'YES\r', '\r']) await expect(answer(no)).resolves.toBe(false);
});

test('Ctrl-D declines (exit 3 in apply), it is not an error', async () => {
  await expect(answer('\x04')).resolves.toBe(false);
});

test('Ctrl-C is an interruption: exit 130, nothing written', async () => {
  const err = await answer('\x03').catch((e: unknown) => e);
  expect(isIseDuoError(err, 'interrupted')).toBe(true);
  expect(exitCodeFor(err)).toBe(ExitCode.INTERRUPTED);
  expect((err as Error).message).toBe('interrupted at the confirmation; nothing was changed');
});

test('a signal while the prompt waits (SIGTERM from a CI cancel) interrupts it', async () => {
  const abort = new AbortController();
  const t = terminal();
  const asked = askYes('Apply?', { input: t.input, output: t.output, signal: abort.signal }).catch(
    (e: unknown) => e,
  );
  await new Promise((resolve) => setImmediate(resolve));
  expect(t.shown()).toContain('Only "yes" is accepted: ');
  abort.abort();
  expect(exitCodeFor(await asked)).toBe(ExitCode.INTERRUPTED);
});

test('a signal that came before the prompt interrupts at once', async () => {
  const abort = new AbortController();
  abort.abort();
  const t = terminal();
  const err = await askYes('Apply?', { input: t.input, output: t.output, signal: abort.signal }).catch(
    (e: unknown) => e,
  );
  expect(exitCodeFor(err)).toBe(ExitCode.INTERRUPTED);
  expect(t.shown()).toBe('');
});
