/**
 * What a stale saved plan's refusal says (helper report of 2026-12-04): a plan applied with another file
 * listed every object only the plan's file reads as "changed on ISE" or "gone from ISE", though ISE was
 * never touched; and "(no longer read)" was followed by "(a different value, e.g. a rotated key)".
 */
import { StalePlanError } from '../../../src/errors';
import type { Plan } from '../../../src/model/plan';
import { checkSavedPlan } from '../../../src/pipeline/stale-check';

const plan = (
  content: string,
  env: Record<string, string>,
  live: Record<string, string>,
  path = '/a/site.yaml',
) =>
  ({
    target: 'https://ise.example.com',
    desiredFile: path,
    desiredFingerprint: content,
    inputs: { path, content, env },
    liveFingerprints: live,
    changes: [],
    actions: [],
    notes: [],
  }) as unknown as Plan;

function refusal(saved: Plan, fresh: Plan): string {
  try {
    checkSavedPlan(saved, fresh);
  } catch (err) {
    expect(err).toBeInstanceOf(StalePlanError);
    return (err as Error).message;
  }
  throw new Error('not refused');
}

test('another file: says so, and claims nothing about ISE', () => {
  const saved = plan('f1', { A: '1' }, { 'duo-connection/lab': 'x', 'mfa-rule/deviceAdmin/Routers/r': 'y' });
  const fresh = plan('f2', { A: '1' }, { 'duo-connection/lab': 'z' }, '/b/site.yaml');
  const text = refusal(saved, fresh);
  expect(text).toContain('another file was read (/b/site.yaml; the plan was made from /a/site.yaml)');
  expect(text).not.toMatch(/on ISE|from ISE/);
});

test('the same file: ISE side compared, each variable worded by what happened to it', () => {
  const saved = plan(
    'f1',
    { ROTATED: '1', Z_GONE: '1' },
    { 'duo-connection/lab': 'x', 'identity-sync/s': 'y' },
  );
  const fresh = plan('f1', { NEW: '1', ROTATED: '2' }, { 'duo-connection/lab': 'z' });
  const text = refusal(saved, fresh);
  expect(text).toContain(
    'the environment: NEW (newly read), ROTATED (a different value, e.g. a rotated key), Z_GONE (no longer read)',
  );
  expect(text).toContain('duo-connection/lab (changed on ISE)');
  expect(text).toContain('identity-sync/s (gone from ISE)');
});
