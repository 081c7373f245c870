/**
 * The shell functions of the GitLab recipe's `.gitlab-api` job, run by bash and by dash (sh in Debian
 * images), as the jobs that `!reference` them run them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO, tempDir } from '../helpers/harness';

const recipe = parse(readFileSync(join(REPO, 'examples/ci/gitlab-ci.yml'), 'utf8'), {
  customTags: [{ tag: '!reference', collection: 'seq', resolve: (v: unknown) => v }],
}) as Record<string, { script: string[] }>;
const functions = recipe['.gitlab-api'].script.join('\n');
/** bash, and sh (dash on Debian): both are on every machine this suite runs on. */
const shells = ['bash', 'sh'];

describe.each(shells)('cut_for_gitlab under %s', (shell) => {
  const dir = tempDir('ise-duo-gitlab-shell-');
  const cut = (text: string, limit: number) => {
    writeFileSync(join(dir, 'report.md'), text);
    return execFileSync(shell, ['-c', `${functions}\ncut_for_gitlab report.md ${limit}`], {
      cwd: dir,
      encoding: 'utf8',
    });
  };

  test('a report within the limit is passed whole', () => {
    expect(cut('é'.repeat(10), 10)).toBe('é'.repeat(10));
  });

  // Helper review of 2026-12-04: `head -c` cut by bytes, mid-character, and said nothing.
  test('a longer one is cut at a character, never within one, and says where the whole one is', () => {
    const out = cut(`${'é'.repeat(12)}😀😀`, 13);
    expect(out).toBe(
      `${'é'.repeat(12)}😀\n\n_Cut here: the whole report is in the job artifact report.md._\n`,
    );
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out); // valid UTF-8 throughout
  });
});
