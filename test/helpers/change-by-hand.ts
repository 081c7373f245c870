/**
 * A change made by hand in ISE, as an admin in its GUI would: the site fixture's Duo connection (`siteYaml`'s
 * `corp-duo`) given another description over the API, behind ise-duo's back. What drift must find and what
 * makes a saved plan stale.
 */
import type { RunningSimulator } from '../../src/sim';
import { DUO_ENV } from './harness';

export async function changeConnectionByHand(
  sim: RunningSimulator,
  description = 'changed by hand',
): Promise<void> {
  const login = Buffer.from(`${DUO_ENV.ISE_USERNAME}:${DUO_ENV.ISE_PASSWORD}`).toString('base64');
  const put = await fetch(`${sim.url}/api/v1/duo-mfa/mfa/corp-duo`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Basic ${login}` },
    body: JSON.stringify({
      mfa: {
        connectionName: 'corp-duo',
        description,
        identitySync: 'corp-ad',
        type: 'VPN,TACACS',
        accountConfigurations: {
          apiHostName: 'api-1a2b3c4d.duosecurity.com',
          adminApi: { ikey: DUO_ENV.DUO_ADMIN_IKEY, sKey: DUO_ENV.DUO_ADMIN_SKEY },
          authenticationApi: { ikey: DUO_ENV.DUO_AUTH_IKEY, sKey: DUO_ENV.DUO_AUTH_SKEY },
        },
      },
    }),
  });
  if (!put.ok) throw new Error(`the change by hand was refused: ${put.status} ${await put.text()}`);
}
