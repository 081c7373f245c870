/**
 * Exit 4, end to end: ISE answers a write as taken but does not keep it (the simulator's `ignored` fault).
 * The convergence check says which object and what ISE holds against what the file wants, on stderr, in the
 * JSON report's `remaining` and in markdown, with no key in any of them.
 */
import type { ApplyReport } from '../../src/model/reports';
import { DUO_ENV, runCli, siteYaml, writeFile } from '../helpers/harness';
import { useSiteSimulator } from '../helpers/site-sim';

describe('an apply ISE does not keep', () => {
  const site = useSiteSimulator();

  const LINE =
    'duo-connection "corp-duo": differs (description: ISE has "Duo for VPN", the file wants "Duo for VPN and TACACS")';

  test('exits 4, naming the object and what ISE holds, in every output', async () => {
    const file = writeFile(site.dir, 'site.yaml', siteYaml({}));
    expect((await runCli(['apply', file, '--yes', '--no-run-sync'], site.env, site.dir)).code).toBe(0);
    writeFile(
      site.dir,
      'site.yaml',
      siteYaml({ connections: [{ name: 'corp-duo', description: 'Duo for VPN and TACACS' }] }),
    );
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'markdown']) {
      site.sim.addFault({ method: 'PUT', path: '/api/v1/duo-mfa/mfa/corp-duo', kind: 'ignored' });
      const r = await runCli(['apply', file, '--yes', '--format', format], site.env, site.dir);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`error: apply finished, but ISE did not take: ${LINE}\n`);
      expect(r.stderr).toMatch(
        /hint: where ISE keeps a value in a form of its own, write that form in the file/,
      );
      if (format === 'json') expect((JSON.parse(r.stdout) as ApplyReport).remaining).toEqual([LINE]);
      if (format === 'markdown')
        expect(r.stdout).toContain(`**Not converged**: a fresh plan still shows\n- ${LINE}`);
      outputs.push(r.stdout, r.stderr);
    }
    for (const secret of [DUO_ENV.DUO_ADMIN_SKEY, DUO_ENV.DUO_AUTH_SKEY, DUO_ENV.ISE_PASSWORD]) {
      for (const text of outputs) expect(text).not.toContain(secret);
    }
    // The simulator kept nothing of the three PUTs: the next plan still wants the description.
    const plan = await runCli(['plan', file, '--format', 'json'], site.env, site.dir);
    expect(JSON.parse(plan.stdout).changes).toHaveLength(1);
  });

  test('a create ISE does not keep is named as missing', async () => {
    site.sim.reset();
    const file = writeFile(site.dir, 'site.yaml', siteYaml({}));
    site.sim.addFault({ method: 'POST', path: '/api/v1/duo-mfa/mfa', kind: 'ignored' });
    const r = await runCli(['apply', file, '--yes', '--no-run-sync'], site.env, site.dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      'error: apply finished, but ISE did not take: duo-connection "corp-duo": missing on ISE\n',
    );
  });
});
