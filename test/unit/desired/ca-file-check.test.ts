/**
 * The caFile check before ISE is reached remembers a file it found fine by its stamp (a fleet's targets
 * name one file), and still sees the file change: a later check of a file that no longer holds a
 * certificate reports it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caFileIssues } from '../../../src/desired/ca-file-check';
import type { DesiredState } from '../../../src/model/state';
import { tempDir } from '../../helpers/harness';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

test('a file found fine is checked again once it has changed', async () => {
  const dir = tempDir();
  const caFile = join(dir, 'ca.pem');
  const site = join(dir, 'site.yaml');
  writeFileSync(caFile, PEM);
  writeFileSync(site, `version: 1\nise:\n  caFile: ${caFile}\n`);
  const desired = { target: { caFile } } as unknown as DesiredState;
  await expect(caFileIssues(desired, site, 'site.yaml', 'error')).resolves.toEqual([]);
  await expect(caFileIssues(desired, site, 'site.yaml', 'error')).resolves.toEqual([]);
  writeFileSync(caFile, 'not a certificate at all\n');
  const issues = await caFileIssues(desired, site, 'site.yaml', 'error');
  expect(issues.map((i) => `${i.line}:${i.column} ${i.severity}`)).toEqual(['3:11 error']);
  expect(issues[0]!.message).toMatch(/holds no PEM certificate/);
});
