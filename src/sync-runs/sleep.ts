/**
 * A wait between polls that ends early when the signal fires, so Ctrl-C cancels a sync at once instead of
 * after the current poll interval. The timer is not unref'd on purpose: in the CLI it may be the only thing
 * keeping the process alive while a sync runs.
 */
/** The longest delay a Node timer holds (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(ms, MAX_TIMER_MS));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Whether `work` settles within `ms` and before the signal fires. The work is not stopped when it does not
 * (a status poll is a read, harmless to leave behind); the caller only stops waiting for it.
 */
export async function settlesWithin(
  work: Promise<unknown>,
  ms: number,
  signal?: AbortSignal,
): Promise<boolean> {
  let settled = false;
  const done = work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const waiting = new AbortController();
  const stop = () => waiting.abort();
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    await Promise.race([done, abortableSleep(Math.max(0, ms), waiting.signal)]);
  } finally {
    signal?.removeEventListener('abort', stop);
    waiting.abort(); // ends the sleep's timer when the work won
  }
  return settled;
}
