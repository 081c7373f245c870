#!/usr/bin/env node
/**
 * The ise-duo command line. Thin by design: it declares commands and flags, and hands each command to
 * `run()`, the one place that maps results and errors to exit codes. Command modules are loaded only when
 * their command runs, so `--version` and `validate` start fast.
 */
import { Command, CommanderError, Option } from 'commander';
import { refuseConflictingRepeats } from './cli/conflicts';
import { declareFleetReportCommand, declareShowCommand } from './cli/file-commands';
import { type Interruption, interruption } from './cli/interrupt';
import { declareExportCommand, declareSyncCommand } from './cli/ise-commands';
import { parseAtLeastOne, parseLogLevel, parseNotEmpty } from './cli/options';
import { type GlobalOptions, run } from './cli/runner';
import { examples, formatOption, iseUrlOption, parallelismOption, shardOption } from './cli/shared-options';
import { declareSimCommand } from './cli/sim-command';
import { ExitCode } from './exit-codes';
import type { DispatchOptions, RunOne } from './fleet/dispatch';
import { installCodeCache } from './runtime/code-cache';
import { DEFAULT_APPLY_PARALLELISM } from './runtime/defaults';

// Before any command's bundle is loaded: they compile from V8's code cache when the build made one.
installCodeCache(__dirname);

const VERSION: string = require('../package.json').version;

// A reader that stops early (`ise-duo plan … | head`) closes the pipe. That ends the output, not the run: an
// apply in progress goes on to its end and its exit code, its further output unread. Without a listener, the
// EPIPE is an unhandled 'error' event, a crash with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

/** Loaded only when commander writes an error: the scrubber is not needed to start. */
function withoutSecrets(text: string): string {
  const { RunSecrets, secretsOfEnvironment } =
    require('./model/run-secrets') as typeof import('./model/run-secrets');
  return new RunSecrets(secretsOfEnvironment(process.env)).scrub(text);
}

const program = new Command('ise-duo')
  .description("Manage Cisco ISE's built-in Duo MFA integration as code: validate, plan, apply, drift.")
  .version(VERSION, '-V, --version')
  .addOption(
    new Option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
      .argParser(parseLogLevel)
      .default('info'),
  )
  .showHelpAfterError('(run with --help for usage)')
  // commander quotes a refused argument; one holding the ISE password (two variables swapped) is not shown.
  .configureOutput({ writeErr: (text) => process.stderr.write(withoutSecrets(text)) })
  .exitOverride()
  // The same option twice with different values is refused, not resolved silently (see cli/conflicts.ts).
  .hook('preAction', (_program, action) => refuseConflictingRepeats(process.argv.slice(2), action))
  .addHelpText(
    'after',
    examples(
      'ise-duo validate examples/minimal.yaml',
      'ise-duo plan site.yaml --out plan.json && ise-duo apply --plan plan.json',
    ),
  );

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
let exitCode: number = ExitCode.OK;

/**
 * plan, apply and drift: one target, or a fleet run over several files or a folder (`fleet/dispatch.ts`);
 * the command's `--format` is the run's report format.
 */
async function runTargets(
  command: 'plan' | 'apply' | 'drift',
  files: string[],
  opts: DispatchOptions,
  runOne: RunOne,
  interrupt?: Interruption,
): Promise<number> {
  const { dispatch } = await import('./fleet/dispatch');
  return run(globals(), (ctx) => dispatch(command, files, opts, ctx, runOne), {
    interrupt,
    report: { command, format: opts.format },
  });
}

program
  .command('validate')
  .description(
    'Check desired-state files offline: schema, references, env variables. Sends nothing to ISE unless --online.',
  )
  .argument('<files...>', 'desired-state YAML files or folders')
  .addOption(formatOption(['text', 'json']))
  .option('--online', "also check AD join point and group names against the file's ISE (read-only)")
  .addOption(iseUrlOption())
  .addHelpText(
    'after',
    examples(
      'ise-duo validate examples/minimal.yaml',
      'ise-duo validate sites/ --format json',
      'ise-duo validate site.yaml --online',
    ),
  )
  .action(async (files: string[], opts) => {
    const { validate } = await import('./commands/validate');
    // Ctrl-C, SIGTERM: --online's reads stop at once, exit 130 (src/cli/interrupt.ts)
    exitCode = await run(globals(), (ctx) => validate({ files, ...opts }, ctx), {
      interrupt: interruption(),
    });
  });

program
  .command('plan')
  .description('Read ISE (read-only) and show what apply would change.')
  .argument('<files...>', 'desired-state YAML file; several files or a folder make a fleet run')
  .addOption(formatOption(['text', 'json', 'markdown']))
  .addOption(
    new Option(
      '--out <plan.json>',
      'save the plan for `apply --plan` (a fleet run: a folder, one plan per target)',
    ).argParser(parseNotEmpty('a file name for the plan, e.g. --out plan.json')),
  )
  .option('--detailed-exitcode', 'exit 0 for no changes, 2 for changes, 1 for an error')
  .addOption(iseUrlOption())
  .addHelpText(
    'after',
    examples('ise-duo plan site.yaml', 'ise-duo plan site.yaml --format markdown --detailed-exitcode'),
  )
  .addOption(parallelismOption())
  .addOption(shardOption())
  .action(async (files: string[], opts) => {
    const { plan } = await import('./commands/plan');
    // Ctrl-C, SIGTERM: the reads stop at once, nothing is saved, exit 130 (src/cli/interrupt.ts)
    exitCode = await runTargets(
      'plan',
      files,
      opts,
      (file, c, saved) =>
        plan({ ...opts, file: file as string, out: saved ?? opts.out, quietSave: saved !== undefined }, c),
      interruption(),
    );
  });

program
  .command('apply')
  .description('Make ISE match the file (or apply a saved plan exactly), then check that it converged.')
  .argument(
    '[files...]',
    "desired-state YAML file (with --plan: defaults to the plan's file); several make a fleet run",
  )
  .addOption(
    new Option(
      '--plan <plan.json>',
      'apply exactly this saved plan; refused if ISE or the file changed since (a fleet run: the --out folder)',
    ).argParser(parseNotEmpty('the saved plan, e.g. --plan plan.json')),
  )
  .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
  .option(
    '--allow-critical',
    "allow changes that can lock administrators out or let them in without Duo (deletes, disabling MFA, apiHostName, an MFA rule's connection, onSuccess, onFailure or state)",
  )
  .addOption(formatOption(['text', 'json', 'markdown']))
  .addOption(iseUrlOption())
  .option('--skip-key-check', 'write new Duo keys without testing them first (testconnection pre-flight)')
  .option('--no-run-sync', "do not start the plan's pending identity syncs (runSync) after applying")
  .addOption(
    new Option('--apply-parallelism <n>', 'independent changes of one phase sent at once (1: one by one)')
      .argParser(parseAtLeastOne)
      .default(DEFAULT_APPLY_PARALLELISM),
  )
  .addHelpText('after', examples('ise-duo apply site.yaml --yes', 'ise-duo apply --plan plan.json --yes'))
  .addOption(parallelismOption())
  .addOption(shardOption())
  .action(async (files: string[], opts) => {
    const { apply } = await import('./commands/apply');
    // Ctrl-C, SIGTERM: no new write, the report, exit 130 (src/cli/interrupt.ts)
    exitCode = await runTargets(
      'apply',
      files,
      opts,
      (file, c, saved) => apply({ ...opts, file, planFile: saved ?? opts.plan }, c),
      interruption(),
    );
  });

declareShowCommand(program).action(async (planFile: string, opts) => {
  const { show } = await import('./commands/show');
  const report = { command: 'show', format: opts.format };
  exitCode = await run(globals(), (ctx) => show({ planFile, ...opts }, ctx), { report });
});

program
  .command('drift')
  .description('Read-only check: exit 0 when ISE matches the file, 2 when it differs, and say what differs.')
  .argument('<files...>', 'desired-state YAML file; several files or a folder make a fleet run')
  .addOption(formatOption(['text', 'json', 'markdown']))
  .addOption(iseUrlOption())
  .addOption(parallelismOption())
  .addOption(shardOption())
  .option(
    '--probe-credentials',
    "also have ISE test each connection's stored Duo keys; sends a testconnection POST with no keys in " +
      'the body, which changes no configuration; rejected keys exit 2',
  )
  .addHelpText(
    'after',
    examples(
      'ise-duo drift site.yaml',
      'ise-duo drift sites/ --format json > drift.json',
      'ise-duo drift site.yaml --probe-credentials',
    ),
  )
  .action(async (files: string[], opts) => {
    const { drift } = await import('./commands/drift');
    // Ctrl-C, SIGTERM: the reads stop at once, exit 130 (src/cli/interrupt.ts)
    exitCode = await runTargets(
      'drift',
      files,
      opts,
      (file, c) => drift({ ...opts, file: file as string }, c),
      interruption(),
    );
  });

declareExportCommand(program).action(async (opts) => {
  const { exportCommand } = await import('./commands/export');
  exitCode = await run(globals(), (ctx) => exportCommand(opts, ctx), { interrupt: interruption() });
});

declareFleetReportCommand(program).action(async (action: string, reports: string[], opts) => {
  const { fleetReportCommand } = await import('./commands/fleet-report');
  const options = { action, reports, format: opts.format };
  exitCode = await run(globals(), (ctx) => fleetReportCommand(options, ctx));
});

declareSyncCommand(program).action(async (file: string, names: string[], opts) => {
  const { sync } = await import('./commands/sync');
  const options = { file, names, iseUrl: opts.iseUrl, timeoutSeconds: opts.timeout };
  exitCode = await run(globals(), (ctx) => sync(options, ctx), { interrupt: interruption() });
});

declareSimCommand(program).action(async (opts) => {
  const { sim } = await import('./commands/sim');
  exitCode = await run(globals(), (ctx) => sim(opts, ctx), { interrupt: interruption() });
});

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.ERROR;
    }
    process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return ExitCode.ERROR;
  }
}

main(process.argv).then((code) => {
  // Exit once stdout has drained: keep-alive sockets must not hold the process open, and a piped report
  // must not be cut short.
  process.stdout.write('', () => process.exit(code));
});
