/** The request deadline axios gets as its abort signal: fires once at the limit, never after clear(). */
import { Deadline } from '../../../src/client/deadline';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('at the limit it is aborted and tells each listener still registered, once', () => {
  const deadline = new Deadline(100);
  const kept = jest.fn();
  const removed = jest.fn();
  deadline.addEventListener('abort', kept);
  deadline.addEventListener('abort', removed);
  deadline.removeEventListener('abort', removed);
  jest.advanceTimersByTime(99);
  expect(deadline.aborted).toBe(false);
  expect(kept).not.toHaveBeenCalled();
  jest.advanceTimersByTime(1);
  expect(deadline.aborted).toBe(true);
  expect(kept).toHaveBeenCalledTimes(1);
  expect(kept).toHaveBeenCalledWith({ type: 'abort' });
  expect(removed).not.toHaveBeenCalled();
  jest.advanceTimersByTime(1000);
  expect(kept).toHaveBeenCalledTimes(1);
});

test('cleared when the answer is complete, it never fires', () => {
  const deadline = new Deadline(100);
  const listener = jest.fn();
  deadline.addEventListener('abort', listener);
  deadline.clear();
  jest.advanceTimersByTime(1000);
  expect(deadline.aborted).toBe(false);
  expect(listener).not.toHaveBeenCalled();
});
