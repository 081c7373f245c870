/** One listener on the shared signal, whatever the number of requests waiting on it (stop-signal.ts). */
import { StopSignal, stopSignalFor } from '../../../src/client/stop-signal';

test('every request waiting when the signal fires is stopped, once; one taken back is not', () => {
  const controller = new AbortController();
  const stop = new StopSignal(controller.signal);
  const calls: string[] = [];
  const offs = Array.from({ length: 1000 }, (_, i) => stop.onStop(() => calls.push(`r${i}`)));
  offs[7]();
  controller.abort();
  expect(stop.stopped).toBe(true);
  expect(calls).toHaveLength(999);
  expect(calls).not.toContain('r7');
  controller.signal.dispatchEvent(new Event('abort'));
  expect(calls).toHaveLength(999);
});

test('a request that comes after the signal is stopped at once', () => {
  const controller = new AbortController();
  controller.abort();
  let stopped = false;
  new StopSignal(controller.signal).onStop(() => {
    stopped = true;
  });
  expect(stopped).toBe(true);
});

test('one StopSignal per signal for the process', () => {
  const signal = new AbortController().signal;
  expect(stopSignalFor(signal)).toBe(stopSignalFor(signal));
});
