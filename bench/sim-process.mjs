// A simulator in a child process of its own, driven over IPC: for figures that must not count the
// simulator's CPU in the measured process (an ISE never shares the tool's thread). Messages in:
// { latency: ms }; out: { url } once listening, { ok: true } after each command.
import { startSim } from './lib.mjs';

const sim = await startSim();
process.on('message', (m) => {
  if (typeof m?.latency === 'number') sim.setLatency(m.latency);
  process.send({ ok: true });
});
process.on('disconnect', () => sim.stop().then(() => process.exit(0)));
process.send({ url: sim.url });
