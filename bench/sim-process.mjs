// A simulator in a child process of its own, driven over IPC: for figures that must not count the
// simulator's CPU in the measured process (an ISE never shares the tool's thread). Messages in:
// { latency: ms }; out: { url } once listening, { ok: true } after each command. With SIM_TLS set (JSON
// `{ cert, key }`, PEM) it serves HTTPS.
import { startSim } from './lib.mjs';

const tls = process.env.SIM_TLS ? JSON.parse(process.env.SIM_TLS) : undefined;
const sim = await startSim(tls ? { tls } : {});
process.on('message', (m) => {
  if (typeof m?.latency === 'number') sim.setLatency(m.latency);
  process.send({ ok: true });
});
process.on('disconnect', () => sim.stop().then(() => process.exit(0)));
process.send({ url: sim.url });
