/**
 * `ise.caFile` checked offline, by `validate`: a local file that was missing, a folder, a device, too big or
 * held no PEM certificate passed validate and failed only at plan time, without a position. The thorough
 * check (each block parses as a certificate) stays in the client, which builds the TLS context from it;
 * this one needs no TLS code, so validate's start-up bundle stays free of the client. The file is read
 * again, and parsed for positions (`reparse.ts`), only when there is a problem to place.
 */
import type { Issue } from '../errors';
import { fileStamp } from '../files/file-stamp';
import { readTextFile } from '../files/read-text-file';
import type { DesiredState } from '../model/state';
import { error, warning } from './findings';
import { reparse } from './reparse';
import { toIssue } from './source-map';

/** As the client's limit: a CA bundle is a few KiB, every public root together about 200 KiB. */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;

/**
 * Files found fine, by path, with their stamp then: plan, apply, drift and sync check the caFile of every
 * target, and a fleet's targets name one file, which is then read once and stat'ed for the others.
 */
const fine = new Map<string, string>();

/**
 * For `validate`, a file that is not there is a warning: CI often mounts the CA only where ise-duo runs
 * against ISE, not where the file is linted. One that is there and unusable is an error, and so is a missing
 * one where ISE is about to be reached (`missing: 'error'`, plan, apply, drift and sync).
 */
function caFileProblem(
  path: string,
  missing: 'error' | 'warning',
): { message: string; severity: 'error' | 'warning' } | undefined {
  const stamp = fileStamp(path);
  if (stamp !== undefined && fine.get(path) === stamp) return undefined;
  const read = readTextFile(path, MAX_CA_FILE_BYTES);
  if (!read.ok && read.reason === 'os' && read.message === 'file not found') {
    return missing === 'warning'
      ? { message: `"caFile" ${path} is not found here; plan and apply need it`, severity: 'warning' }
      : { message: `"caFile" ${path} is not found: give the PEM file of ISE's CA`, severity: 'error' };
  }
  if (!read.ok) return { message: `"caFile" ${path} cannot be read: ${read.message}`, severity: 'error' };
  if (!PEM_CERTIFICATE.test(read.text)) {
    const message = `"caFile" ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the CA that signed ISE's certificate`;
    return { message, severity: 'error' };
  }
  if (stamp !== undefined) fine.set(path, stamp);
  return undefined;
}

/** The issue for the file's `ise.caFile`, placed at the key's value; none when it is fine or absent. */
export async function caFileIssues(
  desired: DesiredState,
  sourcePath: string,
  label: string,
  missing: 'error' | 'warning' = 'warning',
): Promise<Issue[]> {
  const caFile = desired.target.caFile;
  if (caFile === undefined) return [];
  const problem = caFileProblem(caFile, missing);
  if (problem === undefined) return [];
  const finding =
    problem.severity === 'error'
      ? error('/ise/caFile', problem.message)
      : warning('/ise/caFile', problem.message);
  const again = await reparse(sourcePath, label);
  // The file was loaded a moment ago; if it cannot be read now, the issue still stands, without its place.
  if (!again) return [{ file: label, line: 0, column: 0, pointer: finding.pointer, ...problem }];
  return [toIssue(again.map, finding)];
}
