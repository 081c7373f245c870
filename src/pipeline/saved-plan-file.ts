/**
 * Saved plans: written atomically, and read back only if they are intact (valid JSON of this format
 * version, matching the schema, checksum unchanged). A plan that cannot be read (missing, a folder) is a
 * usage error (exit 1); a plan that was read and is not acceptable is refused (exit 3, like every refusal
 * before a write). The checksum only catches accidents: `apply --plan` also recomputes the plan
 * (`stale-check.ts`), which is what stops a deliberate edit.
 */
import { RefusedError, UsageError } from '../errors';
import { checkOutputPath, writeOutputFile } from '../files/output-file';
import { readTextFile } from '../files/read-text-file';
import { PLAN_FORMAT_VERSION, type Plan, planChecksum } from '../model/plan';

const MAX_PLAN_BYTES = 10 * 1024 * 1024;
const AGAIN = 'make it again with plan --out';

/** `--out` must name a file in an existing folder, not the desired file: checked before ISE is read. */
export function checkPlanOutPath(path: string, desiredFile: string): void {
  checkOutputPath('--out', path, 'plan.json', desiredFile);
}

export function writePlanFile(path: string, plan: Plan): void {
  writeOutputFile(path, `${JSON.stringify(plan, null, 2)}\n`, 'the plan');
}

function readText(path: string, shown: string): string {
  const read = readTextFile(path, MAX_PLAN_BYTES);
  if (read.ok) return read.text;
  if (read.reason === 'too-large') {
    throw new RefusedError(`plan file ${shown} is larger than 10 MiB; it is not a plan`, AGAIN);
  }
  if (read.reason === 'folder')
    throw new UsageError(`plan file ${shown} is a directory`, 'give the plan.json file itself');
  // A FIFO or a device could block forever or never end: refused unread.
  throw new UsageError(`cannot read plan file ${shown}: ${read.message}`, 'give the plan.json file itself');
}

/** Reads and checks the saved plan at `path`; messages name it `shown`, as the user named it. */
export function readPlanFile(path: string, shown = path): Plan {
  const text = readText(path, shown);
  let data: unknown;
  try {
    // An editor may save a byte-order mark in front: JSON.parse refuses it, a reader of the plan does not.
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    // Node's message quotes the text around the error, raw bytes and line breaks included: only where.
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message)?.[1];
    const where = at
      ? ` (at character ${at})`
      : message.startsWith('Unexpected end')
        ? ' (it ends too early: cut short?)'
        : '';
    throw new RefusedError(`plan file ${shown} is not valid JSON${where}`, AGAIN);
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (version === 1) {
    throw new RefusedError(
      `plan file ${shown} is a version 1 plan; this ise-duo applies only version ${PLAN_FORMAT_VERSION} plans ` +
        '(their changes carry typed request bodies); nothing was written',
      AGAIN,
    );
  }
  if (version !== PLAN_FORMAT_VERSION) {
    throw new RefusedError(
      `plan file ${shown} has format version ${shownVersion(version)}; this ise-duo reads version ${PLAN_FORMAT_VERSION}`,
      'make the plan again with this version of ise-duo',
    );
  }
  const validate = require('../generated/plan-validator') as import('ajv').ValidateFunction;
  if (!validate(data)) {
    const e = validate.errors?.[0];
    throw new RefusedError(
      `plan file ${shown} is not an ise-duo plan: ${e?.instancePath || '/'} ${e?.message}`,
      AGAIN,
    );
  }
  const plan = data as Plan;
  const { checksum, ...unsigned } = plan;
  if (planChecksum(unsigned) !== checksum) {
    throw new RefusedError(`plan file ${shown} was changed after it was made (checksum mismatch)`, AGAIN);
  }
  return plan;
}

/**
 * A plan's format version as a refusal may quote it: a number, or what kind of value it is. An edited file
 * can hold any text there, a key among them, read before the file's secrets are known.
 */
function shownVersion(version: unknown): string {
  if (typeof version === 'number' && Number.isFinite(version)) return String(version);
  return version === undefined
    ? 'missing'
    : `that is not a number (a ${version === null ? 'null' : typeof version})`;
}
