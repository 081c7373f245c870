// Dependent round trips in a simulator request log: how many requests had to wait, one after another, for
// an answer before they could be sent. A request depends on an earlier one only if it arrived after that one
// completed (it may have waited for it; one that arrived before cannot have), and the figure is the longest
// such chain. Concurrent requests count once; a request that never completed holds up nothing after it.
// CommonJS, so that the bench (ESM) and the jest tests can both load it.
'use strict';

/**
 * The longest chain of requests in `log` (entries with `arrivedAtMs` and `completedAtMs`, as
 * `requestLog()` returns them; several simulators' logs may be concatenated: they share one clock).
 * One sweep over arrivals and completions in time order, a completion before an arrival at the same time.
 */
function dependentRoundTrips(log) {
  const events = [];
  for (let i = 0; i < log.length; i++) {
    events.push({ at: log[i].arrivedAtMs, arrival: true, i });
    if (log[i].completedAtMs !== undefined) events.push({ at: log[i].completedAtMs, arrival: false, i });
  }
  events.sort((a, b) => a.at - b.at || Number(a.arrival) - Number(b.arrival));
  const depth = new Array(log.length).fill(0);
  let deepestCompleted = 0;
  let longest = 0;
  for (const e of events) {
    if (e.arrival) {
      depth[e.i] = deepestCompleted + 1;
      longest = Math.max(longest, depth[e.i]);
    } else {
      deepestCompleted = Math.max(deepestCompleted, depth[e.i]);
    }
  }
  return longest;
}

/** The requests of one longest chain, first to last: what to read when the figure is higher than expected. */
function longestChain(log) {
  const order = log.map((_, i) => i).sort((a, b) => log[a].arrivedAtMs - log[b].arrivedAtMs);
  const depth = new Map();
  const previous = new Map();
  for (const j of order) {
    let best = 0;
    let from;
    for (const i of order) {
      if (log[i].arrivedAtMs >= log[j].arrivedAtMs) break;
      const done = log[i].completedAtMs;
      if (done !== undefined && done <= log[j].arrivedAtMs && depth.get(i) > best) {
        best = depth.get(i);
        from = i;
      }
    }
    depth.set(j, best + 1);
    previous.set(j, from);
  }
  let end;
  for (const j of order) if (end === undefined || depth.get(j) > depth.get(end)) end = j;
  const chain = [];
  for (let k = end; k !== undefined; k = previous.get(k)) chain.unshift(log[k]);
  return chain;
}

module.exports = { dependentRoundTrips, longestChain };
