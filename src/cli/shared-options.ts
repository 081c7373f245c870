/**
 * The options and help text that several commands share, declared once: the output format, the ISE URL
 * override, fleet sharding and parallelism, and the examples-plus-exit-codes footer of every `--help`.
 */
import { Option } from 'commander';
import { EXIT_CODE_TABLE } from '../exit-codes';
import { DEFAULT_PARALLELISM } from '../runtime/defaults';
import { parseAtLeastOne, parseFormat, parseNotEmpty } from './options';

const exitCodeHelp = `\nExit codes:\n${EXIT_CODE_TABLE.map(([code, text]) => `  ${code}  ${text}`).join('\n')}\n`;

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n${exitCodeHelp}`;
}

export const formatOption = (formats: Array<'text' | 'json' | 'markdown'>) =>
  new Option('--format <format>', `output format: ${formats.join('|')}`)
    .argParser(parseFormat(formats))
    .default('text');
export const iseUrlOption = () =>
  new Option('--ise-url <url>', 'ISE to use; overrides ise.url and ISE_URL').argParser(
    parseNotEmpty('the ISE as https://host'),
  );
export const shardOption = () =>
  new Option('--shard <K/N>', 'fleet runs: only the K-th of N parts (by a hash of each file name), e.g. 2/4');
export const parallelismOption = () =>
  new Option('--parallelism <n>', 'with several files or a folder: targets run at once')
    .argParser(parseAtLeastOne)
    .default(DEFAULT_PARALLELISM);
