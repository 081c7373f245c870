/**
 * `ise-duo sim`'s flags and help: the simulator's own settings (port, login, state, seed, how it shows
 * sKeys, TLS, sync timing), kept apart from the reconciler's commands in `src/cli.ts`, which adds the action.
 */
import { type Command, Option } from 'commander';
import {
  DEFAULT_SECRETS_MODE,
  DEFAULT_SIM_HOST,
  DEFAULT_SIM_PASSWORD,
  DEFAULT_SIM_PORT,
  DEFAULT_SIM_USERNAME,
  DEFAULT_SYNC_DELAY_MS,
  SECRETS_MODES,
  SIM_PASSWORD_ENV,
} from '../sim/types';
import { parsePositiveInt } from './options';
import { examples } from './shared-options';

export function declareSimCommand(program: Command): Command {
  return program
    .command('sim')
    .description("Run the ISE simulator: a local HTTP(S) server with ISE's Duo MFA API, for trying ise-duo.")
    .option('--port <port>', 'port to listen on (0: any free port)', parsePositiveInt, DEFAULT_SIM_PORT)
    .option('--host <host>', 'address to listen on', DEFAULT_SIM_HOST)
    .option('--username <name>', 'admin username', DEFAULT_SIM_USERNAME)
    .option(
      '--password <password>',
      `admin password (default: $${SIM_PASSWORD_ENV} or ${DEFAULT_SIM_PASSWORD})`,
    )
    .option('--state <file>', 'keep state in this JSON file (written atomically)')
    .option('--seed <file>', 'seed YAML: AD join points and groups (default: seeds/default.yaml)')
    .addOption(
      new Option('--secrets <mode>', 'how GET returns Duo sKeys')
        .choices([...SECRETS_MODES])
        .default(DEFAULT_SECRETS_MODE),
    )
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
    .option(
      '--sync-delay-ms <ms>',
      'how long a sync run stays Pending',
      parsePositiveInt,
      DEFAULT_SYNC_DELAY_MS,
    )
    .addHelpText(
      'after',
      examples('ise-duo sim', 'ise-duo sim --port 9443 --state sim.json --secrets clear'),
    );
}
