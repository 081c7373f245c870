import type { Attempt } from '../../../src/client/http';
import { loginGateKey, passLoginGate, settleLoginGate } from '../../../src/client/login-gate';

const answer = (status: number): Attempt => ({ response: { status } }) as unknown as Attempt;
const failure: Attempt = { failure: { kind: 'connect', phase: 'connect' } } as unknown as Attempt;
let n = 0;
const freshKey = () => loginGateKey(`ise-${++n}.example.com:443`, 'Basic abc');

test('the first request tests the credentials alone; the rest wait for its answer', async () => {
  const key = freshKey();
  const first = await passLoginGate(key);
  expect(first.testing).toBe(true);
  let passed = 0;
  const waiting = [passLoginGate(key), passLoginGate(key)].map((p) =>
    p.then((ticket) => {
      passed++;
      return ticket;
    }),
  );
  await new Promise((r) => setImmediate(r));
  expect(passed).toBe(0);
  settleLoginGate(key, answer(200), () => new Error('unused'));
  expect((await Promise.all(waiting)).map((t) => t.testing)).toEqual([false, false]);
  expect((await passLoginGate(key)).testing).toBe(false);
});

test('a 401 fails the waiting requests and those of the next five minutes, unsent; then one tests again', async () => {
  const key = freshKey();
  await passLoginGate(key);
  const refused = new Error('401 Unauthorized');
  const waiting = [passLoginGate(key), passLoginGate(key)];
  settleLoginGate(key, answer(401), () => refused);
  for (const w of waiting) await expect(w).rejects.toBe(refused);
  // A fleet's next target for the same ISE and password: no second failed login.
  await expect(passLoginGate(key)).rejects.toBe(refused);
  const now = Date.now();
  const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 5 * 60_000 + 1);
  try {
    expect((await passLoginGate(key)).testing).toBe(true);
  } finally {
    clock.mockRestore();
  }
});

test('a 403 proves the credentials (a missing role), and a transport failure holds nothing back', async () => {
  const roles = freshKey();
  await passLoginGate(roles);
  settleLoginGate(roles, answer(403), () => new Error('unused'));
  expect((await passLoginGate(roles)).testing).toBe(false);
  const down = freshKey();
  await passLoginGate(down);
  settleLoginGate(down, failure, () => new Error('unused'));
  expect((await passLoginGate(down)).testing).toBe(false);
});

test('the key holds no credentials in the clear, and differs per host and per credentials', () => {
  const key = loginGateKey('ise.example.com:443', 'Basic YWRtaW46c2VjcmV0');
  expect(key).not.toContain('YWRtaW46c2VjcmV0');
  expect(key).not.toBe(loginGateKey('ise.example.com:443', 'Basic b3RoZXI6c2VjcmV0'));
  expect(key).not.toBe(loginGateKey('lab.example.com:443', 'Basic YWRtaW46c2VjcmV0'));
});
