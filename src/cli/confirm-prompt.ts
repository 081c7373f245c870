/**
 * The `yes` prompt of `apply` on a terminal. Typing anything but `yes` declines. Ctrl-D (the input ends
 * without an answer) declines too. Ctrl-C at the prompt, or a signal while it waits (a CI job cancelled
 * with a terminal attached), is an interruption: exit 130, as everywhere else, with nothing written. readline
 * would turn both into an AbortError, which read as an internal error.
 */
import type * as Readline from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { InterruptedError } from '../errors';

export interface PromptStreams {
  input: Readable;
  output: Writable;
  /** Aborted on SIGINT/SIGTERM (see `interrupt.ts`). */
  signal?: AbortSignal;
}

const INTERRUPTED = 'interrupted at the confirmation; nothing was changed';

export async function askYes(question: string, { input, output, signal }: PromptStreams): Promise<boolean> {
  if (signal?.aborted) throw new InterruptedError(INTERRUPTED);
  // Loaded only to ask: no other run needs readline.
  const { createInterface } = require('node:readline/promises') as typeof Readline;
  const rl = createInterface({ input, output, terminal: true });
  try {
    const interrupted = new Promise<never>((_, reject) => {
      // With a listener, readline reports Ctrl-C as this event instead of closing the interface.
      rl.once('SIGINT', () => reject(new InterruptedError(INTERRUPTED)));
    });
    const asked = rl.question(`${question} Only "yes" is accepted: `, signal ? { signal } : {});
    const answer = await Promise.race([asked, interrupted]);
    return answer.trim() === 'yes';
  } catch (err) {
    output.write('\n'); // the cursor is still on the question's line
    if (err instanceof InterruptedError) throw err;
    if (signal?.aborted) throw new InterruptedError(INTERRUPTED);
    // Ctrl-D: no answer is no. By name: readline's AbortError may come from another realm's Error.
    if ((err as { name?: unknown } | null)?.name === 'AbortError') return false;
    throw err;
  } finally {
    rl.close();
  }
}
