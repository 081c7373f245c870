import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors';
import { checkOutputPath, writeOutputFile } from '../../../src/files/output-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ise-duo-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => void): UsageError {
  try {
    fn();
  } catch (err) {
    return err as UsageError;
  }
  throw new Error('expected a refusal');
}

describe('checkOutputPath', () => {
  it('passes a folder it can write to, and leaves nothing behind there', () => {
    expect(() => checkOutputPath('--out', join(dir, 'plan.json'), 'plan.json')).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder where no file can be created, in words and with the code', () => {
    const err = thrown(() => checkOutputPath('--out', '/proc/plan.json', 'plan.json'));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(
      '--out /proc/plan.json: cannot create a file in /proc (the file system does not take new files there, ENOENT)',
    );
    expect(err.hint).toBe('give a folder you can write to, e.g. --out plan.json');
  });
});

describe('writeOutputFile', () => {
  it('writes the file whole', () => {
    writeOutputFile(join(dir, 'a.json'), '{}\n', 'the plan');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('names the reason of a failed write in words, not a bare errno', () => {
    const err = thrown(() => writeOutputFile('/proc/a.json', '{}\n', 'the plan'));
    expect(err.message).toBe(
      'cannot write the plan to /proc/a.json: the file system does not take new files there, ENOENT',
    );
    expect(err.hint).toBe('nothing was written there; fix the path and run again');
  });
});
