/**
 * The fleet table's one-line error (helper report of 2026-12-04): a file with a warning before its error
 * showed the warning, labelled "error:", and not why the target failed.
 */
import type { ErrorParts } from '../../../src/errors';
import { renderErrorShort } from '../../../src/render/error';

const issue = (line: number, severity: 'error' | 'warning', message: string) => ({
  file: 'site-c.yaml',
  line,
  column: 3,
  pointer: '',
  severity,
  message,
});

test('the first error, not a warning before it', () => {
  const parts: ErrorParts = {
    code: 'config',
    message: 'site-c.yaml is not valid',
    issues: [
      issue(5, 'warning', 'identity sync "corp-ad" is not used by any Duo connection'),
      issue(7, 'error', '"adGroups" must list at least one item'),
    ],
  };
  expect(renderErrorShort(parts)).toBe('"adGroups" must list at least one item');
});

test('warnings alone: the first of them; no issues: the message, cut to the cell', () => {
  expect(renderErrorShort({ code: 'config', message: 'm', issues: [issue(1, 'warning', 'w1')] })).toBe('w1');
  expect(renderErrorShort({ code: 'usage', message: 'x'.repeat(100) }, 10)).toBe('xxxxxxx...');
});
