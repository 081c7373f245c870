/**
 * The flags and help of `export` and `sync`, the two commands besides plan, apply and drift that talk to ISE:
 * one reads a whole ISE into a file, the other starts identity sync runs. `src/cli.ts` adds their actions.
 */
import { type Command, Option } from 'commander';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_SYNC_TIMEOUT_SECONDS } from '../runtime/defaults';
import { parseAtLeastOne, parseNotEmpty } from './options';
import { examples, iseUrlOption } from './shared-options';

export function declareExportCommand(program: Command): Command {
  return program
    .command('export')
    .description(
      'Read a live ISE (read-only) and write its Duo configuration as a desired-state file; keys become ${env:…} references.',
    )
    .addOption(
      new Option('-o, --output <file.yaml>', 'write here instead of stdout').argParser(
        parseNotEmpty('a file name, e.g. -o site.yaml'),
      ),
    )
    .addOption(iseUrlOption())
    .option('--ca-file <pem>', "CA certificate(s) of ISE's HTTPS certificate; also written as ise.caFile")
    .option('--secrets-prefix <prefix>', 'key variables are named <prefix>_<CONNECTION>_ADMIN_IKEY, …', 'DUO')
    .addOption(
      new Option('--max-in-flight <n>', 'requests to ISE in flight at once while reading')
        .argParser(parseAtLeastOne)
        .default(DEFAULT_MAX_IN_FLIGHT),
    )
    .addHelpText(
      'after',
      examples(
        'ISE_URL=https://ise-pan ISE_USERNAME=admin ISE_PASSWORD=… ise-duo export -o site.yaml',
        'ise-duo export --ise-url https://ise-pan > site.yaml',
      ),
    );
}

export function declareSyncCommand(program: Command): Command {
  return program
    .command('sync')
    .description("Start the file's identity syncs (push AD users to Duo) and wait until each ends.")
    .argument('<file>', 'desired-state YAML file')
    .argument('[names...]', 'identity sync names (default: every sync in the file)')
    .option(
      '--timeout <seconds>',
      'stop waiting after this long: no sync is started and no status poll awaited past it (the runs go on in ISE)',
      parseAtLeastOne,
      DEFAULT_SYNC_TIMEOUT_SECONDS,
    )
    .addOption(iseUrlOption())
    .addHelpText(
      'after',
      `\nCtrl-C cancels the running syncs through the API. Exit 0 when every sync succeeded, 1 otherwise.\n${examples('ise-duo sync site.yaml', 'ise-duo sync site.yaml corp-ad --timeout 120')}`,
    );
}
