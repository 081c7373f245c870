/** The fleet's exit code: the worst target's, but a fleet apply that changed some ISE never says "nothing written". */
import { ExitCode } from '../../../src/exit-codes';
import { fleetExitCode } from '../../../src/fleet/run-fleet';

const applied = (n: number) => ({
  exitCode: ExitCode.OK,
  report: { result: { applied: new Array(n).fill({}) } },
});
const failed = { exitCode: ExitCode.ERROR, report: undefined };
const refused = { exitCode: ExitCode.REFUSED, report: undefined };

test('apply: a target applied and another failed or refused is 5, not 1 or 3', () => {
  expect(fleetExitCode('apply', [applied(2), failed])).toBe(ExitCode.APPLIED_NOT_VERIFIED);
  expect(fleetExitCode('apply', [applied(1), refused])).toBe(ExitCode.APPLIED_NOT_VERIFIED);
});

test('apply: with nothing written anywhere, the worst code stands', () => {
  expect(fleetExitCode('apply', [applied(0), failed])).toBe(ExitCode.ERROR);
  expect(fleetExitCode('apply', [applied(0), refused])).toBe(ExitCode.REFUSED);
  expect(fleetExitCode('apply', [applied(3), applied(1)])).toBe(ExitCode.OK);
  const lost = {
    exitCode: ExitCode.ERROR,
    report: { result: { applied: [], failed: { outcomeUnknown: true } } },
  };
  expect(fleetExitCode('apply', [lost, failed])).toBe(ExitCode.APPLIED_NOT_VERIFIED);
});

test('plan and drift: the worst code, as before', () => {
  expect(fleetExitCode('plan', [{ exitCode: ExitCode.CHANGES, report: undefined }, failed])).toBe(
    ExitCode.ERROR,
  );
  expect(fleetExitCode('drift', [{ exitCode: ExitCode.CHANGES, report: undefined }])).toBe(ExitCode.CHANGES);
});
