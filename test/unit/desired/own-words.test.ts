/**
 * A secret that holds one of ise-duo's own words (the simulator's `demo-password`) blanked that word in every
 * message (helper report of 2026-12-04): `"(sensitive)" must be an environment reference such as
 * "${env:ISE_(sensitive)}"`. The word tells nothing of the secret; any other piece of it is still removed.
 */
import { loadDesiredState } from '../../../src/desired/load';
import { createScrubber, OWN_WORDS } from '../../../src/model/scrubber';
import { fragmentLeaks } from '../../helpers/fragments';
import { tempDir, writeFile } from '../../helpers/harness';

test('a literal password that holds "password": the message keeps its words, not the value', async () => {
  const file = writeFile(
    tempDir(),
    'site.yaml',
    'version: 1\nise:\n  username: admin\n  password: demo-password\nmfa:\n  enabled: true\n',
  );
  const r = await loadDesiredState(file, { ISE_PASSWORD: 'demo-password' });
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.issues.map((i) => i.message)).toEqual([
    '"password" must be an environment reference such as "${env:ISE_PASSWORD}", not a literal value: committed files must not hold secrets',
  ]);
});

test('own words are kept only whole; every other piece of the secret goes', () => {
  const secret = 'Xq9-password-Zt7wKp2m';
  const scrub = createScrubber([secret], OWN_WORDS);
  expect(scrub('set ise.password or ISE_PASSWORD')).toBe('set ise.password or ISE_PASSWORD');
  const quoted = scrub(`the text "${secret.slice(0, 16)}…" is not allowed`);
  expect(fragmentLeaks('message', quoted, [secret])).toEqual([]);
  // Inside a longer word it is no word of ise-duo's: removed.
  expect(scrub('passwords')).toBe('(sensitive)s');
});
