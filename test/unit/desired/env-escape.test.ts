/**
 * `$${env:` is the text `${env:` (helper report of 2026-12-04: a file had no way to hold that text, so an
 * exported rule condition matching it was planned as the variable's value).
 */
import { resolveEnvReferences } from '../../../src/desired/env-refs';
import { desiredInputs } from '../../../src/desired/inputs';

const resolve = (value: string, env: NodeJS.ProcessEnv = { HOME: '/root' }) =>
  resolveEnvReferences({ description: value }, env);

test.each([
  ['an escaped start is the text', 'svc-$${env:HOME}', 'svc-${env:HOME}'],
  ['beside a reference', '$${env:HOME} is ${env:HOME}', '${env:HOME} is /root'],
  ['three $: one kept, then the escape', '$$${env:X}', '$${env:X}'],
  ['$$ elsewhere is two $', 'a$$b', 'a$$b'],
])('%s', (_name, written, read) => {
  const r = resolve(written);
  expect(r.findings).toEqual([]);
  expect((r.tree as { description: string }).description).toBe(read);
});

test('an escaped start is no reference: nothing is read from the environment', () => {
  const r = resolve('$${env:UNSET}', {});
  expect(r.findings).toEqual([]);
  expect([...r.variablesAt.keys()]).toEqual([]);
});

test("a saved plan's inputs name the variables read, not an escaped start", () => {
  const value = { version: 1, identitySyncs: [{ name: '$${env:ESCAPED} ${env:READ}' }] };
  const inputs = desiredInputs('text', '/a/site.yaml', value, { ESCAPED: 'x', READ: 'y' });
  expect(Object.keys(inputs.env)).toEqual(['READ']);
});
