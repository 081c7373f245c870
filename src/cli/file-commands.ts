/**
 * The flags and help of the commands that work on files ise-duo wrote and send nothing to ISE: `show` (a
 * saved plan) and `fleet-report` (sharded fleet reports). `src/cli.ts` adds their actions.
 */
import type { Command } from 'commander';
import { examples, formatOption } from './shared-options';

export function declareShowCommand(program: Command): Command {
  return program
    .command('show')
    .description('Print a plan saved by `plan --out`, checked as apply reads it. Sends nothing to ISE.')
    .argument('<plan.json>', 'the saved plan')
    .addOption(formatOption(['text', 'json', 'markdown']))
    .option('--detailed-exitcode', 'exit 0 for a plan without changes, 2 for one with changes')
    .addHelpText(
      'after',
      `\nWhether the plan is still current is checked by apply --plan, against ISE and the file.\n${examples(
        'ise-duo show plan.json',
        'ise-duo show plan.json --format markdown > comment.md',
      )}`,
    );
}

export function declareFleetReportCommand(program: Command): Command {
  return program
    .command('fleet-report')
    .description(
      'Merge the JSON fleet reports of a sharded run (--shard K/N) into one. Sends nothing to ISE.',
    )
    .argument('<action>', 'merge')
    .argument('<reports...>', 'the fleet reports (plan|apply|drift <folder> --shard K/N --format json)')
    .addOption(formatOption(['json', 'markdown', 'text']).default('json'))
    .addHelpText(
      'after',
      `\nRefuses reports of different commands, a missing or repeated shard, and a target in two reports. The\nmerged report's exitCode is the worst of the shards'; the command itself exits 0 once it merged.\n${examples(
        'ise-duo fleet-report merge shard-1.json shard-2.json shard-3.json > fleet.json',
        'ise-duo fleet-report merge reports/*.json',
        'ise-duo fleet-report merge reports/*.json --format markdown > issue.md',
      )}`,
    );
}
