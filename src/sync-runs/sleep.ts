/**
 * A wait between polls that ends early when the signal fires, so Ctrl-C cancels a sync at once instead of
 * after the current poll interval. The timer is not unref'd on purpose: in the CLI it may be the only thing
 * keeping the process alive while a sync runs.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
