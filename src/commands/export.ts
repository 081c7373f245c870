/**
 * `ise-duo export [-o file.yaml]`: day 1 for an integration set up by hand in the ISE GUI. Reads live ISE
 * with the read-only client and writes a desired-state file that, once its variables are set to the keys
 * in use, plans empty against the same ISE. Key values are never written, even when ISE returns them in
 * the clear: the file holds `${env:…}` references, and a header lists the variables to set.
 *
 * The target comes from `--ise-url` / ISE_URL, the login from ISE_USERNAME / ISE_PASSWORD (there is no
 * file to read them from yet).
 */
import { dirname, relative, resolve } from 'node:path';
import { createIseClient } from '../client/ise-client';
import { UsageError } from '../errors';
import { ExitCode } from '../exit-codes';
import { readForExport } from '../export/read-for-export';
import { schemaHeaderLines, schemaReference } from '../export/schema-ref';
import { exportProblems } from '../export/self-check';
import { checkOutputPath, outputPath, writeOutputFile } from '../files/output-file';
import { resolveTarget } from '../pipeline/target';
import { SECRETS_PREFIX } from '../render/export-env-names';
import { renderExport } from '../render/export-file';
import { exportNotes } from '../render/export-notes';
import type { CommandContext, CommandResult } from '../runtime/context';
import { DEFAULT_MAX_IN_FLIGHT } from '../runtime/defaults';

export interface ExportCommandOptions {
  iseUrl?: string;
  /** Where to write; stdout when absent. */
  output?: string;
  /** PEM file of ISE's CA, for reading; written into the file as `ise.caFile`. */
  caFile?: string;
  /** Replaces `DUO` at the start of the key variables' names (`DUO_<CONNECTION>_ADMIN_IKEY`, …). */
  secretsPrefix?: string;
  /** Requests in flight at once (`--max-in-flight`); default DEFAULT_MAX_IN_FLIGHT. */
  maxInFlight?: number;
}

function caFileForOutput(caFile: string | undefined, output: string | undefined, cwd: string) {
  if (!caFile) return undefined;
  const absolute = resolve(cwd, caFile);
  return output ? relative(dirname(output), absolute) || absolute : absolute;
}

export async function exportCommand(
  options: ExportCommandOptions,
  ctx: CommandContext,
): Promise<CommandResult> {
  if (options.secretsPrefix !== undefined && !SECRETS_PREFIX.test(options.secretsPrefix)) {
    throw new UsageError(
      `--secrets-prefix "${options.secretsPrefix}" cannot start an environment variable name`,
      'use letters, digits and "_", not starting with a digit, e.g. SITE1_DUO',
    );
  }
  const caFile = options.caFile ? resolve(ctx.cwd, options.caFile) : undefined;
  const output = options.output ? outputPath(ctx.cwd, options.output) : undefined;
  if (output) checkOutputPath('-o', output, 'site.yaml');
  const target = resolveTarget({ caFile }, ctx.env, options);
  // Thousands of objects are read one GET each: a bound keeps sockets, memory and time linear in their number.
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const client = createIseClient({
    ...target,
    baseUrl: target.url,
    readOnly: true,
    stopReads: ctx.signal,
    logger: ctx.logger,
    maxInFlight,
  });
  const { live, libraryNames, notes } = await readForExport(client);
  for (const w of live.readWarnings ?? []) {
    ctx.err(exportNotes.readWarning(w.message));
  }
  const file = renderExport({
    live,
    libraryNames,
    targetUrl: target.url,
    caFile: caFileForOutput(options.caFile, output, ctx.cwd),
    schemaLines: schemaHeaderLines(schemaReference(output, ctx.cwd)),
    secretsPrefix: options.secretsPrefix,
  });
  const problems = exportProblems(file, options.output ?? '<stdout>');
  for (const p of problems) ctx.err(exportNotes.needsHandEdit(p));
  if (output && options.output) {
    writeOutputFile(output, file.text, 'the export');
    ctx.err(exportNotes.wrote(options.output));
  } else {
    ctx.out(file.text);
  }
  for (const n of notes) ctx.err(exportNotes.note(n));
  ctx.err(exportNotes.summary(live, file.variables));
  return { exitCode: ExitCode.OK };
}
