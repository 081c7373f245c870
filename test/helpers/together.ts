/**
 * The simulator latency for tests that count round trips or check that requests overlapped, from the
 * simulator's log. Such a count holds only if requests sent together all arrive before the first of them is
 * answered, so the latency must outlast any stall of the sending process. 20 ms did not on a loaded CI
 * machine (two jest workers, a child CLI beside them): one of three fetches sent together arrived after
 * another was answered, and the count saw 4 round trips instead of 3. 200 ms costs about a second per file.
 */
export const TOGETHER_LATENCY_MS = 200;
