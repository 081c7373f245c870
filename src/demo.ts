/**
 * `npm start`: the whole loop in one minute, with nothing to set up. It starts the ISE simulator in-process
 * on a free loopback port, then runs plan, apply and plan again on examples/minimal.yaml with demo
 * credentials, printing each step, exactly as the CLI would. The example ends with an MFA rule in a Device
 * Admin policy set, so the demo ends where MFA is in effect (the rules ISE now holds are listed), and it
 * fails unless its last plan is empty: the demo is also a smoke test of the whole loop.
 */
import { join } from 'node:path';
import { colorFor } from './color';
import { apply } from './commands/apply';
import { plan } from './commands/plan';
import { createLogger } from './logger';
import type { CommandContext } from './runtime/context';
import { type RunningSimulator, startSimulator } from './sim';

const ROOT = join(__dirname, '..');
const EXAMPLE = 'examples/minimal.yaml';

/** Demo values only: the simulator accepts any key that its seed does not list as revoked. */
const DEMO_ENV = {
  ISE_USERNAME: 'admin',
  ISE_PASSWORD: 'demo-password',
  DUO_ADMIN_IKEY: 'DIDEMOADMIN000000000',
  DUO_ADMIN_SKEY: 'demo-admin-secret-key-0000000000000000000',
  DUO_AUTH_IKEY: 'DIDEMOAUTH0000000000',
  DUO_AUTH_SKEY: 'demo-auth-secret-key-00000000000000000000',
};

function step(title: string): void {
  const bold = colorFor(process.stdout);
  process.stdout.write(bold ? `\n\u001b[1m━━ ${title}\u001b[0m\n\n` : `\n━━ ${title}\n\n`);
}

const SERVICE_NAMES = { deviceAdmin: 'Device Admin', networkAccess: 'Network Access' } as const;

/** What the simulated ISE now enforces: every MFA rule, read from the simulator's own data. */
function rulesInEffect(sim: RunningSimulator): string[] {
  const { policy } = sim.snapshot();
  return (Object.keys(SERVICE_NAMES) as Array<keyof typeof SERVICE_NAMES>).flatMap((service) =>
    policy[service].policySets.flatMap((set) =>
      set.mfaRules.map(
        (r) =>
          `  ${SERVICE_NAMES[service]} policy set "${set.name}": rule "${r.rule?.name}" asks Duo connection ` +
          `"${r.mfaConnectionName}" (${r.rule?.state ?? 'enabled'}; if Duo fails: ${r.mfaFailAction})`,
      ),
    ),
  );
}

async function main(): Promise<number> {
  const sim = await startSimulator({
    port: 0,
    username: DEMO_ENV.ISE_USERNAME,
    password: DEMO_ENV.ISE_PASSWORD,
  });
  const env = { ...process.env, ...DEMO_ENV, ISE_URL: sim.url };
  const ctx: CommandContext = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    logger: createLogger({ level: 'warn' }),
    env,
    cwd: ROOT,
    isTTY: process.stdout.isTTY === true,
    errIsTTY: process.stderr.isTTY === true,
  };
  try {
    process.stdout.write(`ISE simulator running at ${sim.url} (MFA off, no Duo objects yet).\n`);
    step(`1/3  ise-duo plan ${EXAMPLE}`);
    await plan({ file: EXAMPLE, format: 'text' }, ctx);
    step(`2/3  ise-duo apply ${EXAMPLE} --yes`);
    const applied = await apply({ file: EXAMPLE, format: 'text', yes: true }, ctx);
    const rules = rulesInEffect(sim);
    process.stdout.write(
      rules.length
        ? `\nMFA is in effect. ISE asks for a second factor where these rules match:\n${rules.join('\n')}\n`
        : '\nNo MFA rule is on ISE: nobody is asked for a second factor yet.\n',
    );
    step(`3/3  ise-duo plan ${EXAMPLE} --detailed-exitcode   (again: nothing left to do)`);
    const again = await plan({ file: EXAMPLE, format: 'text', detailedExitcode: true }, ctx);
    process.stdout.write(
      '\nNext: read README.md, then try `ise-duo sim` in one terminal and the tutorial in another.\n',
    );
    if (applied.exitCode !== 0) return applied.exitCode;
    if (again.exitCode !== 0) process.stderr.write('demo failed: the last plan is not empty\n');
    return again.exitCode === 0 && rules.length > 0 ? 0 : 1;
  } finally {
    await sim.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
